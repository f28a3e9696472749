//! Localized texts: one string per declared language, as a TOML table such as `{ ja = "…", en = "…" }`.

use std::fmt;
use std::ops::Range;

use crate::keys::{Lang, ProductTypeKey, ReasonId, SourceKey, TermKey};
use crate::source::Spanned;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// A text in several languages, in the order the file gives them.
///
/// Texts are CommonMark; the generator renders them for each output format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// Where the table is in the file.
    pub span: Range<usize>,
    /// Each language's string, in the order of the file.
    pub entries: Vec<(Lang, Spanned<String>)>,
    /// Per translated language, the fingerprint of the source text it was made from
    /// (`en_from = "1a2b3c4d"`); see [`crate::fingerprint`].
    pub fingerprints: Vec<(Lang, Spanned<String>)>,
    /// Where the text comes from (`source = "vendor-page"`, or `"ours"`), where the file says.
    pub source: Option<Spanned<SourceKey>>,
    /// The reason the source gives this text for, when it is not the reason that holds it
    /// (`given_for = "neo-device-auth-mismatch"`): readers are told whose remedy it is.
    pub given_for: Option<Spanned<ReasonId>>,
    /// A note for translators (`translator_note = "…"`): what the text is, where it appears,
    /// what to keep. Exported with the text to PO and XLIFF; never published.
    pub translator_note: Option<Spanned<String>>,
}

impl Text {
    /// The text in a language, if the catalogue gives it.
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.entry(lang).map(|s| s.get_ref().as_str())
    }

    /// The string of a language, with its place in the file.
    pub fn entry(&self, lang: &str) -> Option<&Spanned<String>> {
        self.entries.iter().find(|(l, _)| l == lang).map(|(_, s)| s)
    }

    /// The recorded fingerprint of the source text a translation was made from.
    pub fn fingerprint(&self, lang: &str) -> Option<&Spanned<String>> {
        self.fingerprints.iter().find(|(l, _)| l == lang).map(|(_, s)| s)
    }

    /// The text in a language. A validated catalogue gives every text in every declared
    /// language (C006); should one lack it anyway, the text's first language (the source, as
    /// files write it) stands in, so a reader sees words rather than nothing.
    pub fn tr(&self, lang: &str) -> &str {
        match self.get(lang) {
            Some(text) => text,
            None => self.entries.first().map_or("", |(_, s)| s.get_ref().as_str()),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let inner = Spanned::<TextFields<InText>>::deserialize(deserializer)?;
        let span = inner.span();
        let TextFields { entries, fingerprints, source, given_for, translator_note, .. } = inner.into_inner();
        Ok(Text { span, entries, fingerprints, source, given_for, translator_note })
    }
}

/// A remedy step: a text, optionally limited to some product types with `for = [...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The product types the step is limited to; empty for all.
    pub applies_to: Vec<Spanned<ProductTypeKey>>,
    /// Who acts in this step (`by = "account-manager"`): the key of a glossary entry naming
    /// them, where the catalogue says.
    pub by: Option<Spanned<TermKey>>,
    /// The step's text.
    pub text: Text,
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let inner = Spanned::<TextFields<InStep>>::deserialize(deserializer)?;
        let span = inner.span();
        let TextFields { entries, fingerprints, applies_to, by, source, given_for, translator_note, .. } =
            inner.into_inner();
        Ok(Step { applies_to, by, text: Text { span, entries, fingerprints, source, given_for, translator_note } })
    }
}

/// The key of a text table that says where the text comes from.
pub const SOURCE: &str = "source";

/// The key of a text table that names the reason its source gives it for.
pub const GIVEN_FOR: &str = "given_for";

/// The key of a text table that holds a note for translators.
pub const TRANSLATOR_NOTE: &str = "translator_note";

/// Keys of a text table that only remedy steps may have (not a language).
const LIST_KEYS: &[&str] = &["for", BY];

/// The key of a remedy step that names who acts in it.
pub const BY: &str = "by";

/// Which of [`LIST_KEYS`] a kind of text table allows.
trait ListKeys {
    const ALLOWED: &'static [&'static str];
}

/// A plain text: languages and fingerprints only.
struct InText;
impl ListKeys for InText {
    const ALLOWED: &'static [&'static str] = &[];
}

/// A remedy step, which may say `for` whom.
struct InStep;
impl ListKeys for InStep {
    const ALLOWED: &'static [&'static str] = &["for", BY];
}

/// The raw fields of a text table: language strings, fingerprints, and `for` where allowed.
struct TextFields<K> {
    entries: Vec<(Lang, Spanned<String>)>,
    fingerprints: Vec<(Lang, Spanned<String>)>,
    applies_to: Vec<Spanned<ProductTypeKey>>,
    by: Option<Spanned<TermKey>>,
    source: Option<Spanned<SourceKey>>,
    given_for: Option<Spanned<ReasonId>>,
    translator_note: Option<Spanned<String>>,
    kind: PhantomData<K>,
}

/// A key of a text table; a list key the table does not allow is an unknown key, reported at
/// the key.
struct TextKey<K>(PhantomData<K>);

impl<'de, K: ListKeys> DeserializeSeed<'de> for TextKey<K> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        struct KeyVisitor<K>(PhantomData<K>);
        impl<K: ListKeys> Visitor<'_> for KeyVisitor<K> {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a language key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<String, E> {
                if LIST_KEYS.contains(&key) && !K::ALLOWED.contains(&key) {
                    return Err(E::unknown_field(key, K::ALLOWED));
                }
                Ok(key.to_string())
            }
        }
        deserializer.deserialize_str(KeyVisitor::<K>(PhantomData))
    }
}

impl<'de, K: ListKeys> Deserialize<'de> for TextFields<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor<K>(PhantomData<K>);
        impl<'de, K: ListKeys> Visitor<'de> for FieldsVisitor<K> {
            type Value = TextFields<K>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of texts by language, such as { ja = \"…\", en = \"…\" }")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TextFields<K>, A::Error> {
                let mut fields = TextFields {
                    entries: Vec::new(),
                    fingerprints: Vec::new(),
                    by: None,
                    source: None,
                    given_for: None,
                    translator_note: None,
                    applies_to: Vec::new(),
                    kind: PhantomData,
                };
                while let Some(key) = map.next_key_seed(TextKey::<K>(PhantomData))? {
                    if key == SOURCE {
                        fields.source = Some(map.next_value()?);
                    } else if key == GIVEN_FOR {
                        fields.given_for = Some(map.next_value()?);
                    } else if key == TRANSLATOR_NOTE {
                        fields.translator_note = Some(map.next_value()?);
                    } else if key == BY {
                        fields.by = Some(map.next_value()?);
                    } else if key == "for" {
                        fields.applies_to = map.next_value()?;
                    } else if let Some(lang) = crate::fingerprint::language_of_key(&key) {
                        fields.fingerprints.push((Lang::new(lang), map.next_value()?));
                    } else {
                        fields.entries.push((Lang::new(key), map.next_value()?));
                    }
                }
                // A text has two or three strings: a list grown by pushing holds room for four.
                fields.entries.shrink_to_fit();
                fields.fingerprints.shrink_to_fit();
                Ok(fields)
            }
        }
        deserializer.deserialize_struct(crate::de::TEXT, &[], FieldsVisitor::<K>(PhantomData))
    }
}

#[cfg(feature = "schema")]
mod schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

    /// A language-keyed table: one string per language, a `<lang>_from` fingerprint per
    /// translation, and the `properties` given (list-valued keys such as a step's `for`).
    fn language_table(description: &str, in_language: &str, mut properties: serde_json::Value) -> Schema {
        properties[super::SOURCE] = serde_json::json!({
            "description": "Where the text comes from: the key of a `[sources]` entry, or \"ours\" for a text the catalogue's authors wrote. Required on remedy steps and notes; elsewhere a text without it is the transcribed page's, word for word.",
            "type": "string"
        });
        properties[super::TRANSLATOR_NOTE] = serde_json::json!({
            "description": "A note for translators: what the text is, where it appears, what to keep. Exported with the text to PO and XLIFF; never published.",
            "type": "string"
        });
        properties[super::GIVEN_FOR] = serde_json::json!({
            "description": "The id of the reason the source gives this text for, when it is another reason's: readers are told whose remedy it is.",
            "type": "string"
        });
        let mut schema = json_schema!({
            "description": description,
            "type": "object",
            "minProperties": 1,
            "patternProperties": {
                ".+_from$": {
                    "type": "string",
                    "pattern": "^[0-9a-fA-F]{8}$",
                    "description": "The fingerprint of the source text this translation was made from. Written by `cargo xtask l10n stamp`; not edited by hand."
                }
            },
            "additionalProperties": { "type": "string", "minLength": 1, "description": in_language }
        });
        schema.insert("properties".into(), properties);
        schema
    }

    impl JsonSchema for super::Text {
        fn schema_name() -> Cow<'static, str> {
            "Text".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            language_table(
                "A text in every declared language, by language key (`{ ja = \"…\", en = \"…\" }`), in CommonMark. Each translation records the fingerprint of its source text as `<lang>_from`.",
                "The text in this language.",
                serde_json::json!({}),
            )
        }
    }

    impl JsonSchema for super::Step {
        fn schema_name() -> Cow<'static, str> {
            "Step".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            language_table(
                "A remedy step: a text in every declared language, limited to some product types with `for`.",
                "The step in this language.",
                serde_json::json!({
                    "by": {
                        "description": "Who acts in this step: the key of the `[glossary]` entry naming them (`account-manager`, `user`).",
                        "type": "string"
                    },
                    "for": {
                        "description": "Keys of `[product_types]` this step applies to; leave it out for all.",
                        "type": "array",
                        "items": { "type": "string" }
                    }
                }),
            )
        }
    }
}
