//! A serde deserializer over the parsed TOML tree whose errors are data, not prose: what went
//! wrong ([`Kind`]) and where (the span of the innermost value or key it concerns).
//!
//! The decoder reads these kinds to choose a check and advice; nothing matches a message's words.
//! Values are borrowed from the tree, so decoding an entry copies nothing but the strings kept.

use std::fmt;
use std::ops::Range;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde_spanned::de::{SpannedDeserializer, is_spanned};
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

/// The name a deserializer sees when a [`crate::Text`] is read, so that a wrong value is
/// reported as "expected a text" with the advice for texts.
pub(crate) const TEXT: &str = "$__catalogue_text";

/// What a value should have been.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Want {
    /// A quoted string.
    String,
    /// A whole number.
    Integer,
    /// A number with or without a fraction.
    Float,
    /// `true` or `false`.
    Boolean,
    /// An array.
    List,
    /// A table.
    Table,
    /// A text: a table of strings by language.
    Text,
    /// Something a type describes in its own words.
    Described(String),
}

/// What a value was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    String,
    Integer,
    Float,
    Boolean,
    Datetime,
    List,
    Table,
    /// Anything serde names that TOML has no word for.
    Other,
}

/// What went wrong while decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A key the table does not allow; `expected` lists the keys it does (empty when the keys
    /// are declared by the catalogue, as a text's languages are).
    UnknownKey { key: String, expected: &'static [&'static str] },
    /// A required key is absent.
    MissingKey(&'static str),
    /// A value of the wrong type.
    WrongType { expected: Want, found: Found },
    /// A value of the right type that a type rejected, in its own words.
    Invalid(String),
}

/// A decoding error: its kind and the span of the value or key it concerns, once known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Error {
    pub kind: Kind,
    pub span: Option<Range<usize>>,
}

impl Error {
    fn new(kind: Kind) -> Self {
        Error { kind, span: None }
    }

    /// The innermost span wins: a value's span is set only where none was set inside it.
    fn at(mut self, span: &Range<usize>) -> Self {
        if self.span.is_none() {
            self.span = Some(span.clone());
        }
        self
    }
}

impl fmt::Display for Want {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Want::String => f.write_str("a string"),
            Want::Integer => f.write_str("an integer"),
            Want::Float => f.write_str("a number"),
            Want::Boolean => f.write_str("true or false"),
            Want::List => f.write_str("a list"),
            Want::Table => f.write_str("a table"),
            Want::Text => f.write_str("a text (a table of strings by language)"),
            Want::Described(what) => f.write_str(what),
        }
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Found::String => "a string",
            Found::Integer => "an integer",
            Found::Float => "a number",
            Found::Boolean => "a boolean",
            Found::Datetime => "a date",
            Found::List => "a list",
            Found::Table => "a table",
            Found::Other => "another kind of value",
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::UnknownKey { key, .. } => write!(f, "unknown key `{key}`"),
            Kind::MissingKey(key) => write!(f, "missing key `{key}`"),
            Kind::WrongType { expected, found } => write!(f, "expected {expected}, found {found}"),
            Kind::Invalid(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error::new(Kind::Invalid(message.to_string()))
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        let found = match unexpected {
            Unexpected::Str(_) | Unexpected::Char(_) => Found::String,
            Unexpected::Signed(_) | Unexpected::Unsigned(_) => Found::Integer,
            Unexpected::Float(_) => Found::Float,
            Unexpected::Bool(_) => Found::Boolean,
            Unexpected::Seq => Found::List,
            Unexpected::Map => Found::Table,
            _ => Found::Other,
        };
        Error::new(Kind::WrongType { expected: Want::Described(expected.to_string()), found })
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error::new(Kind::UnknownKey { key: field.to_string(), expected })
    }

    fn missing_field(field: &'static str) -> Self {
        Error::new(Kind::MissingKey(field))
    }
}

/// Decodes `T` from a value of the tree.
pub(crate) fn from_value<'de, T: de::Deserialize<'de>>(value: &Spanned<DeValue<'_>>) -> Result<T, Error> {
    T::deserialize(ValueDe { value: value.get_ref(), span: value.span() })
}

fn found(value: &DeValue<'_>) -> Found {
    match value {
        DeValue::String(_) => Found::String,
        DeValue::Integer(_) => Found::Integer,
        DeValue::Float(_) => Found::Float,
        DeValue::Boolean(_) => Found::Boolean,
        DeValue::Datetime(_) => Found::Datetime,
        DeValue::Array(_) => Found::List,
        DeValue::Table(_) => Found::Table,
    }
}

/// One value of the tree, borrowed.
struct ValueDe<'a, 'i> {
    value: &'a DeValue<'i>,
    span: Range<usize>,
}

impl ValueDe<'_, '_> {
    fn wrong(&self, expected: Want) -> Error {
        Error::new(Kind::WrongType { expected, found: found(self.value) }).at(&self.span)
    }

    fn integer(&self) -> Result<i64, Error> {
        let DeValue::Integer(integer) = self.value else { return Err(self.wrong(Want::Integer)) };
        i64::from_str_radix(integer.as_str(), integer.radix())
            .map_err(|_| Error::new(Kind::Invalid("the number is too large".into())).at(&self.span))
    }
}

impl<'de> IntoDeserializer<'de, Error> for ValueDe<'_, '_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for ValueDe<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let span = self.span.clone();
        let result = match self.value {
            DeValue::String(s) => visitor.visit_str(s),
            DeValue::Integer(_) => visitor.visit_i64(self.integer()?),
            DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
                Ok(number) => visitor.visit_f64(number),
                Err(_) => visitor.visit_str(f.as_str()),
            },
            DeValue::Boolean(b) => visitor.visit_bool(*b),
            DeValue::Datetime(d) => visitor.visit_string(d.to_string()),
            DeValue::Array(items) => visitor.visit_seq(Items { items: items.iter() }),
            DeValue::Table(table) => visitor.visit_map(Entries::new(table)),
        };
        result.map_err(|e: Error| e.at(&span))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            DeValue::String(s) => visitor.visit_str(s).map_err(|e: Error| e.at(&self.span)),
            _ => Err(self.wrong(Want::String)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            DeValue::Boolean(b) => visitor.visit_bool(*b).map_err(|e: Error| e.at(&self.span)),
            _ => Err(self.wrong(Want::Boolean)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            DeValue::Array(items) => {
                visitor.visit_seq(Items { items: items.iter() }).map_err(|e: Error| e.at(&self.span))
            }
            _ => Err(self.wrong(Want::List)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            DeValue::Table(table) => visitor.visit_map(Entries::new(table)).map_err(|e: Error| e.at(&self.span)),
            _ => Err(self.wrong(Want::Table)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if is_spanned(name) {
            let span = self.span.clone();
            return visitor.visit_map(SpannedDeserializer::new(self, span));
        }
        match self.value {
            DeValue::Table(table) => visitor.visit_map(Entries::new(table)).map_err(|e: Error| e.at(&self.span)),
            _ if name == TEXT => Err(self.wrong(Want::Text)),
            _ => Err(self.wrong(Want::Table)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // TOML has no null: a value that is there is `Some`.
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            DeValue::String(s) => {
                visitor.visit_enum(s.as_ref().into_deserializer()).map_err(|e: Error| e.at(&self.span))
            }
            _ => Err(self.wrong(Want::String)),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let integer = self.integer()?;
        visitor.visit_i64(integer).map_err(|e: Error| e.at(&self.span))
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            DeValue::Float(_) | DeValue::Integer(_) => self.deserialize_any(visitor),
            _ => Err(self.wrong(Want::Float)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i128 u8 u16 u32 u128 f32 bytes byte_buf unit unit_struct tuple tuple_struct identifier
    }
}

/// The items of an array, each with its own span.
struct Items<'a, 'i> {
    items: std::slice::Iter<'a, Spanned<DeValue<'i>>>,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(item) => seed.deserialize(ValueDe { value: item.get_ref(), span: item.span() }).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of a table, in the order of the file.
struct Entries<'a, 'i> {
    entries: std::vec::IntoIter<(&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>)>,
    value: Option<&'a Spanned<DeValue<'i>>>,
}

impl<'a, 'i> Entries<'a, 'i> {
    fn new(table: &'a DeTable<'i>) -> Self {
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        Entries { entries: entries.into_iter(), value: None }
    }
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.value = Some(value);
        seed.deserialize(KeyDe { key: key.get_ref(), span: key.span() }).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self.value.take().ok_or_else(|| Error::new(Kind::Invalid("a value without its key".into())))?;
        seed.deserialize(ValueDe { value: value.get_ref(), span: value.span() })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A table's key: a string whose errors (an unknown key) point at the key itself.
struct KeyDe<'a> {
    key: &'a str,
    span: Range<usize>,
}

impl<'de> IntoDeserializer<'de, Error> for KeyDe<'_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for KeyDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.key).map_err(|e: Error| e.at(&self.span))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if is_spanned(name) {
            let span = self.span.clone();
            return visitor.visit_map(SpannedDeserializer::new(self, span));
        }
        let _ = fields;
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Spanned as Ours;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        id: Ours<String>,
        #[serde(default)]
        codes: Vec<Ours<String>>,
        #[serde(default)]
        count: Option<u32>,
    }

    fn decode(text: &str) -> Result<Entry, Error> {
        let (root, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty());
        let root = root.into_inner();
        from_value(root.get("e").expect("an `e` table"))
    }

    #[test]
    fn values_decode_with_their_spans() {
        let text = "e = { id = \"a\", codes = [\"1\", \"2\"], count = 0x10 }\n";
        let entry = decode(text).unwrap();
        assert_eq!(&text[entry.id.span()], "\"a\"");
        assert_eq!(entry.codes.iter().map(|c| c.get_ref().as_str()).collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(entry.count, Some(16));
    }

    #[test]
    fn errors_are_kinds_at_the_innermost_span() {
        let text = "e = { id = \"a\", kodes = [] }\n";
        let error = decode(text).unwrap_err();
        assert_eq!(error.kind, Kind::UnknownKey { key: "kodes".into(), expected: &["id", "codes", "count"] });
        assert_eq!(&text[error.span.unwrap()], "kodes");

        let text = "e = { id = \"a\", codes = [\"1\", 2] }\n";
        let error = decode(text).unwrap_err();
        assert_eq!(error.kind, Kind::WrongType { expected: Want::String, found: Found::Integer });
        assert_eq!(&text[error.span.unwrap()], "2");

        let text = "e = { codes = [] }\n";
        let error = decode(text).unwrap_err();
        assert_eq!(error.kind, Kind::MissingKey("id"));
        assert_eq!(&text[error.span.unwrap()], "{ codes = [] }");

        let text = "e = { id = \"a\", codes = \"1\" }\n";
        let error = decode(text).unwrap_err();
        assert_eq!(error.kind, Kind::WrongType { expected: Want::List, found: Found::String });
    }
}
