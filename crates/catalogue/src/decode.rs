//! Turning the parsed TOML tree into typed entries while collecting every problem.
//!
//! serde stops at the first error of a value. To report every problem of a file, each entry is
//! decoded on its own, and when decoding fails the offending key is removed and the entry is
//! decoded again, until it succeeds or the failure cannot be isolated.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, ValueDeserializer};

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
    let mut value = value.clone();
    // Keys already accounted for: removed after an error, or suggested for a misspelt key.
    let mut removed: Vec<String> = Vec::new();
    let mut failed = false;
    for _ in 0..MAX_RETRIES {
        let error = match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(decoded) => return (!failed).then_some(decoded),
            Err(error) => error,
        };
        failed = true;
        let span = error.span().unwrap_or_else(|| value.span());
        let message = error.message().trim().to_string();
        if let Some(field) = quoted_after(&message, "missing field ") {
            if !removed.iter().any(|r| r == field) {
                out.push(
                    Diagnostic::new(
                        source,
                        Check::MissingField,
                        header_span(source, span.clone()),
                        format!("{what} has no `{field}`"),
                    )
                    .with_help(format!("add `{field} = …` to this table")),
                );
            }
            return None;
        }
        let diagnostic = classify(source, span.clone(), &message, what);
        if let Some(suggested) = diagnostic.help.as_deref().and_then(|h| quoted_after(h, "did you mean ")) {
            removed.push(suggested.to_string());
        }
        out.push(diagnostic);
        match remove_at(&mut value, &span) {
            Some(key) => removed.push(key),
            None => return None,
        }
    }
    None
}

fn classify(source: &SourceFile, span: Range<usize>, message: &str, what: &str) -> Diagnostic {
    if let Some(field) = quoted_after(message, "unknown field ") {
        let expected = expected_fields(message);
        let help = match did_you_mean(field, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => "remove this key".to_string(),
            None => format!("remove it; the keys allowed here are {}", list(&expected)),
        };
        return Diagnostic::new(source, Check::UnknownKey, span, format!("unknown key `{field}` in {what}"))
            .with_help(help);
    }
    let help = if message.contains("expected a string") {
        "write the value as a quoted string, for example \"110200\"".to_string()
    } else if message.contains("expected a sequence") {
        "write a list in square brackets, for example [\"a\", \"b\"]".to_string()
    } else if message.contains("a table of texts") {
        "write a text as a table with one string per language, for example { ja = \"…\", en = \"…\" }".to_string()
    } else {
        "change the value to the expected type".to_string()
    };
    Diagnostic::new(source, Check::WrongType, span, format!("wrong type in {what}: {message}")).with_help(help)
}

/// A TOML error on a whole table points at all of it; point at its first line instead.
fn header_span(source: &SourceFile, span: Range<usize>) -> Range<usize> {
    let text = source.slice(span.clone());
    let first_line = text.find('\n').unwrap_or(text.len());
    span.start..span.start + first_line
}

/// The text between backticks right after `prefix` in a serde message.
fn quoted_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    let rest = rest.strip_prefix('`')?;
    Some(&rest[..rest.find('`')?])
}

/// The field names serde lists after "expected" in an unknown-field message.
fn expected_fields(message: &str) -> Vec<&str> {
    let Some(at) = message.find("expected") else { return Vec::new() };
    message[at..].split('`').skip(1).step_by(2).collect()
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
