//! Turning the parsed TOML tree into typed entries while collecting every problem.
//!
//! serde stops at the first error of a value. To report every problem of a file, each entry is
//! decoded on its own, and when decoding fails the offending key is removed and the entry is
//! decoded again, until it succeeds or the failure cannot be isolated.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::de::{Error, Kind, Want, from_value};

use crate::checks::Check;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::suggest::did_you_mean;

/// How many problems one entry may report before the decoder gives up on it.
const MAX_RETRIES: usize = 32;

/// Decodes one entry, pushing a diagnostic for each problem; `None` if there was any.
pub(crate) fn decode<T: DeserializeOwned>(
    source: &SourceFile,
    value: &Spanned<DeValue<'_>>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut error = match from_value::<T>(value) {
        Ok(decoded) => return Some(decoded),
        Err(error) => error,
    };
    // Report this problem, take the key or item out of a copy, and decode again, so that one
    // run names every problem of the entry.
    let mut value = value.clone();
    // Keys already accounted for: removed after an error, or suggested for a misspelt key.
    let mut removed: Vec<String> = Vec::new();
    for _ in 0..MAX_RETRIES {
        let span = error.span.clone().unwrap_or_else(|| value.span());
        if let Kind::MissingKey(field) = error.kind {
            if !removed.iter().any(|r| r == field) {
                out.push(
                    Diagnostic::new(
                        source,
                        Check::MissingField,
                        header_span(source, span),
                        format!("{what} has no `{field}`"),
                    )
                    .with_help(format!("add `{field} = …` to this table")),
                );
            }
            return None;
        }
        let (diagnostic, suggested) = classify(source, span.clone(), error, what);
        removed.extend(suggested);
        out.push(diagnostic);
        match remove_at(&mut value, &span) {
            Some(key) => removed.push(key),
            None => return None,
        }
        error = match from_value::<T>(&value) {
            Ok(_) => return None,
            Err(error) => error,
        };
    }
    None
}

/// The diagnostic for an error, and the key it suggests instead of a misspelt one (which is
/// then missing only because it is misspelt, and not reported again).
fn classify(source: &SourceFile, span: Range<usize>, error: Error, what: &str) -> (Diagnostic, Option<String>) {
    match error.kind {
        Kind::UnknownKey { key, expected } => {
            let best = did_you_mean(&key, expected.iter().copied());
            let help = match best {
                Some(best) => format!("did you mean `{best}`?"),
                None if expected.is_empty() => "remove this key".to_string(),
                None => format!("remove it; the keys allowed here are {}", list(expected)),
            };
            let diagnostic = Diagnostic::new(source, Check::UnknownKey, span, format!("unknown key `{key}` in {what}"))
                .with_help(help);
            (diagnostic, best.map(str::to_string))
        }
        Kind::WrongType { expected, found } => {
            let help = match expected {
                Want::String => "write the value as a quoted string, for example \"110200\"".to_string(),
                Want::List => "write a list in square brackets, for example [\"a\", \"b\"]".to_string(),
                Want::Text => {
                    "write a text as a table with one string per language, for example { ja = \"…\", en = \"…\" }"
                        .to_string()
                }
                Want::Table => "write a table: key = value lines under a [header], or { key = value }".to_string(),
                _ => "change the value to the expected type".to_string(),
            };
            let message = format!("wrong type in {what}: expected {expected}, found {found}");
            (Diagnostic::new(source, Check::WrongType, span, message).with_help(help), None)
        }
        Kind::Invalid(message) => {
            let diagnostic =
                Diagnostic::new(source, Check::WrongType, span, format!("invalid value in {what}: {message}"))
                    .with_help("change the value to one this key accepts");
            (diagnostic, None)
        }
        Kind::MissingKey(_) => unreachable!("reported by the caller"),
    }
}

/// A TOML error on a whole table points at all of it; point at its first line instead.
fn header_span(source: &SourceFile, span: Range<usize>) -> Range<usize> {
    let text = source.slice(span.clone());
    let first_line = text.find('\n').unwrap_or(text.len());
    span.start..span.start + first_line
}

fn list(items: &[&str]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

/// Removes the key or array item that an error points at; returns a name for it.
fn remove_at<'i>(value: &mut Spanned<DeValue<'i>>, span: &Range<usize>) -> Option<String> {
    match value.get_mut() {
        DeValue::Table(table) => remove_in_table(table, span),
        DeValue::Array(array) => {
            let index = array.iter().position(|item| contains(&item.span(), span))?;
            if array[index].span() == *span {
                let items = std::mem::replace(array, DeArray::from_iter(None));
                *array = items.into_iter().enumerate().filter(|&(i, _)| i != index).map(|(_, item)| item).collect();
                return Some(String::new());
            }
            let item = array.get_mut(index)?;
            remove_at(item, span)
        }
        _ => None,
    }
}

fn remove_in_table(table: &mut DeTable<'_>, span: &Range<usize>) -> Option<String> {
    let key = table
        .iter()
        .find(|(k, v)| k.span() == *span || v.span() == *span || contains(&v.span(), span) || contains(&k.span(), span))
        .map(|(k, _)| k.clone())?;
    let child = table.get_mut(&key)?;
    if key.span() != *span
        && child.span() != *span
        && let Some(name) = remove_at(child, span)
    {
        return Some(name);
    }
    table.remove(&key);
    Some(key.into_inner().into_owned())
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer != &(0..0)
}
