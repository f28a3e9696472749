//! The names a catalogue declares and refers to, each its own type: a model key cannot be passed
//! where a side is meant, and a reason id cannot be taken for a language.
//!
//! Keys are what the file says. Whether a referenced key is declared is a check of its own
//! (C010); a [`crate::Catalogue`] only holds references that resolve.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

macro_rules! key {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Deserialize, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The key as written.
            pub fn new(key: impl Into<String>) -> Self {
                $name(key.into())
            }

            /// The key as a string.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(key: String) -> Self {
                $name(key)
            }
        }

        impl From<&str> for $name {
            fn from(key: &str) -> Self {
                $name(key.to_string())
            }
        }

        impl Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
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
        self.0 == Self::OURS
    }
}

key! {
    /// A reason's id: the stable slug links and other catalogues refer to it by.
    ReasonId
}
