//! The registry of checks: every problem the loader reports carries one stable code.
//!
//! Codes are never reused or renumbered; documentation and CI logs refer to them.

/// One kind of problem, with its stable code and a one-line explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    Syntax,
    UnknownKey,
    WrongType,
    MissingField,
    EmptyText,
    MissingTranslation,
    UndeclaredLanguage,
    BadId,
    DuplicateId,
    UndeclaredReference,
    BadCode,
    DuplicateCode,
    Io,
}

impl Check {
    pub const ALL: &'static [Check] = &[
        Check::Syntax,
        Check::UnknownKey,
        Check::WrongType,
        Check::MissingField,
        Check::EmptyText,
        Check::MissingTranslation,
        Check::UndeclaredLanguage,
        Check::BadId,
        Check::DuplicateId,
        Check::UndeclaredReference,
        Check::BadCode,
        Check::DuplicateCode,
        Check::Io,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Check::Syntax => "C001",
            Check::UnknownKey => "C002",
            Check::WrongType => "C003",
            Check::MissingField => "C004",
            Check::EmptyText => "C005",
            Check::MissingTranslation => "C006",
            Check::UndeclaredLanguage => "C007",
            Check::BadId => "C008",
            Check::DuplicateId => "C009",
            Check::UndeclaredReference => "C010",
            Check::BadCode => "C011",
            Check::DuplicateCode => "C012",
            Check::Io => "C013",
        }
    }

    pub fn summary(self) -> &'static str {
        match self {
            Check::Syntax => "the file is not valid TOML",
            Check::UnknownKey => "a key that the catalogue format does not define",
            Check::WrongType => "a value of the wrong type (a string where a list is expected, …)",
            Check::MissingField => "a required field is absent",
            Check::EmptyText => "a text, list or id is empty or only whitespace",
            Check::MissingTranslation => "a text lacks one of the declared languages",
            Check::UndeclaredLanguage => "a text is given in a language the catalogue does not declare",
            Check::BadId => "an id is not a slug (lowercase ASCII letters, digits and single hyphens)",
            Check::DuplicateId => "two entries of one kind share an id",
            Check::UndeclaredReference => {
                "an entry names a model, side, product type, link or language that is not declared"
            }
            Check::BadCode => "a code is not a string of ASCII digits",
            Check::DuplicateCode => "a reason lists the same code twice",
            Check::Io => "the catalogue file could not be read",
        }
    }
}
