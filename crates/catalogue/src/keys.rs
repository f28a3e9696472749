//! The names a catalogue declares and refers to, each its own type: a model key cannot be passed
//! where a side is meant, and a reason id cannot be taken for a language.
//!
//! Keys are what the file says. Whether a referenced key is declared is a check of its own
//! (C010); a [`crate::Catalogue`] only holds references that resolve.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

/// A key's text, shared: a catalogue names the same few languages, models, sides and sources
/// in every entry, and each is stored once per thread that decoded it rather than once per
/// mention (a `[[reasons]]` entry mentions twenty or so).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct KeyText(Arc<str>);

/// Keys longer than this are not shared: ids and long keys are mostly unique.
const SHARED_MAX_LEN: usize = 32;
/// At most this many keys are shared per thread, so that hostile input cannot grow the set.
const SHARED_MAX: usize = 1024;

thread_local! {
    static SHARED: RefCell<HashSet<Arc<str>>> = RefCell::new(HashSet::new());
}

impl KeyText {
    /// The text, shared with an earlier key of the same text where there is one.
    fn shared(text: &str) -> KeyText {
        if text.len() > SHARED_MAX_LEN {
            return KeyText(Arc::from(text));
        }
        SHARED.with(|shared| {
            let mut shared = shared.borrow_mut();
            if let Some(known) = shared.get(text) {
                return KeyText(Arc::clone(known));
            }
            let new: Arc<str> = Arc::from(text);
            if shared.len() < SHARED_MAX {
                shared.insert(Arc::clone(&new));
            }
            KeyText(new)
        })
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for KeyText {
    fn from(text: String) -> Self {
        KeyText::shared(&text)
    }
}

impl fmt::Debug for KeyText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for KeyText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for KeyText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = KeyText;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<KeyText, E> {
                Ok(KeyText::shared(text))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

macro_rules! key {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Deserialize, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name($crate::keys::KeyText);

        impl $name {
            /// The key as written.
            pub fn new(key: impl Into<String>) -> Self {
                $name($crate::keys::KeyText::from(key.into()))
            }

            /// The key as a string.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl From<String> for $name {
            fn from(key: String) -> Self {
                $name::new(key)
            }
        }

        impl From<&str> for $name {
            fn from(key: &str) -> Self {
                $name::new(key)
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                self.0.as_str()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.as_str()
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.as_str()
            }
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                "String".into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                String::json_schema(generator)
            }

            fn inline_schema() -> bool {
                true
            }
        }
    };
}

pub(crate) use key;

key! {
    /// The key of a product model (`[models.<key>]`).
    ModelKey
}

key! {
    /// The key of a side (`[sides.<key>]`): which program a reason concerns.
    SideKey
}

key! {
    /// The key of a product type (`[product_types.<key>]`).
    ProductTypeKey
}

key! {
    /// The key of a link (`[links.<key>]`).
    LinkKey
}

key! {
    /// The key of a glossary entry (`[glossary.<key>]`), as a step names who acts in it
    /// (`by = "account-manager"`).
    TermKey
}

key! {
    /// A language's key (`[languages.<key>]`), as texts name their strings (`ja = "…"`).
    Lang
}

key! {
    /// Where a text comes from: the key of a declared source (`[sources.<key>]`), or
    /// [`SourceKey::OURS`] for a text the catalogue's authors wrote.
    SourceKey
}

impl SourceKey {
    /// The word that marks a text as written by the catalogue's authors rather than taken
    /// from a source.
    pub const OURS: &'static str = "ours";

    /// Did the catalogue's authors write it?
    pub fn is_ours(&self) -> bool {
        self.as_str() == Self::OURS
    }
}

key! {
    /// A reason's id: the stable slug links and other catalogues refer to it by.
    ReasonId
}
