//! The registry of checks: every problem carries one stable code, a severity and an explanation.
//!
//! Codes are never reused or renumbered: documentation, CI logs and links refer to them.
//! `docs/checks.md` is generated from this list.

use crate::diagnostic::Severity;

/// One kind of problem.
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
    UndeclaredSharedCode,
    StaleSharedCode,
    RemovedId,
    RemovedCode,
    Unused,
    TranslationMismatch,
    Untranslated,
    Whitespace,
    ControlCharacter,
    UnbalancedBrackets,
    StaleOutput,
    Template,
    StaleTranslation,
    BadFingerprint,
    BadPattern,
    BlockMarkup,
    LineBreak,
    UnsafeLink,
    LeftoverTemporary,
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
        Check::UndeclaredSharedCode,
        Check::StaleSharedCode,
        Check::RemovedId,
        Check::RemovedCode,
        Check::Unused,
        Check::TranslationMismatch,
        Check::Untranslated,
        Check::Whitespace,
        Check::ControlCharacter,
        Check::UnbalancedBrackets,
        Check::StaleOutput,
        Check::Template,
        Check::StaleTranslation,
        Check::BadFingerprint,
        Check::BadPattern,
        Check::BlockMarkup,
        Check::LineBreak,
        Check::UnsafeLink,
        Check::LeftoverTemporary,
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
            Check::UndeclaredSharedCode => "C014",
            Check::StaleSharedCode => "C015",
            Check::RemovedId => "C016",
            Check::RemovedCode => "C017",
            Check::Unused => "C018",
            Check::TranslationMismatch => "C019",
            Check::Untranslated => "C020",
            Check::Whitespace => "C021",
            Check::ControlCharacter => "C022",
            Check::UnbalancedBrackets => "C023",
            Check::StaleOutput => "C024",
            Check::Template => "C025",
            Check::StaleTranslation => "C026",
            Check::BadFingerprint => "C027",
            Check::BadPattern => "C028",
            Check::BlockMarkup => "C029",
            Check::LineBreak => "C030",
            Check::UnsafeLink => "C031",
            Check::LeftoverTemporary => "C032",
        }
    }

    /// How serious a problem of this kind is; warnings fail a run only with `--deny warnings`.
    pub fn severity(self) -> Severity {
        match self {
            Check::Unused
            | Check::Untranslated
            | Check::Whitespace
            | Check::UnbalancedBrackets
            | Check::StaleTranslation => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The check with this code (`C014`), if there is one.
    pub fn from_code(code: &str) -> Option<Check> {
        Check::ALL.iter().copied().find(|c| c.code().eq_ignore_ascii_case(code))
    }

    /// One line: what the check finds.
    pub fn summary(self) -> &'static str {
        match self {
            Check::Syntax => "the file is not valid TOML",
            Check::UnknownKey => "a key that the catalogue format does not define",
            Check::WrongType => "a value of the wrong type (a number where a string is expected, …)",
            Check::MissingField => "a required field or table is absent",
            Check::EmptyText => "a text, list or name is empty or only whitespace",
            Check::MissingTranslation => "a text lacks one of the declared languages",
            Check::UndeclaredLanguage => "a text is given in a language the catalogue does not declare",
            Check::BadId => "an id or key is not a slug, or takes an anchor the pages reserve",
            Check::DuplicateId => "two reasons share an id",
            Check::UndeclaredReference => {
                "an entry names a model, side, product type, link or language that is not declared"
            }
            Check::BadCode => "a code is not one to nine digits without a leading zero",
            Check::DuplicateCode => "a reason lists the same code twice",
            Check::Io => "a file could not be read",
            Check::UndeclaredSharedCode => {
                "a code carried by several reasons of one model is not declared shared on each of them"
            }
            Check::StaleSharedCode => "a shared-code declaration no longer covers a collision (a stale exemption)",
            Check::RemovedId => "a reason id that existed at the base revision is gone",
            Check::RemovedCode => "a code that a model carried at the base revision is gone",
            Check::Unused => "a declared model, side, product type or link that nothing uses",
            Check::TranslationMismatch => "the languages of a text differ in list items, links, inline code or codes",
            Check::Untranslated => "a translation still contains the source script, or is identical to the source text",
            Check::Whitespace => "leading or trailing whitespace, or a tab, in a text",
            Check::ControlCharacter => "a control character or U+FFFD (mojibake) in a text",
            Check::UnbalancedBrackets => "brackets or quotes ( ) [ ] 「 」 “ ” that do not pair up in a text",
            Check::StaleOutput => "a generated file is missing or differs from what `cargo xtask generate` writes",
            Check::Template => "a template cannot be read, parsed or rendered",
            Check::StaleTranslation => {
                "a translation was made from an older source text, or has no fingerprint (`--deny stale` makes it an error)"
            }
            Check::BadFingerprint => "a fingerprint (`en_from`) is not eight hex digits",
            Check::BadPattern => {
                "a pattern such as `faq_url` lacks a placeholder it needs, or names one it does not know"
            }
            Check::BlockMarkup => {
                "a text holds block markup (a heading, list, quote, code block, rule or a second paragraph); \
                 every output places texts inline"
            }
            Check::LineBreak => "a text that must be one line (a message, title, name, term, heading or label) breaks",
            Check::UnsafeLink => {
                "a link whose scheme is not `https`, `http` or `mailto` (or that is not a valid address), in `[links]`, \
                 `faq_url` or a text"
            }
            Check::LeftoverTemporary => "a temporary file left behind by an interrupted run",
        }
    }

    /// What to do about it, for the checks index.
    pub fn remedy(self) -> &'static str {
        match self {
            Check::Syntax => "Fix the TOML at the position given; the other checks run once the file parses.",
            Check::UnknownKey => "Correct the key (the message suggests the closest allowed one) or remove it.",
            Check::WrongType => {
                "Write the value in the expected form: codes and ids are quoted strings, lists use [ ]."
            }
            Check::MissingField => "Add the field; the message names it.",
            Check::EmptyText => "Write the text, or remove the entry that holds it.",
            Check::MissingTranslation => "Add the missing language to the text: `{ ja = \"…\", en = \"…\" }`.",
            Check::UndeclaredLanguage => "Correct the language key, or declare the language under [languages].",
            Check::BadId => {
                "Use lowercase ASCII letters and digits joined by single hyphens; ids may not be a page's own anchors."
            }
            Check::DuplicateId => "Give the reason an id of its own. Published ids never change.",
            Check::UndeclaredReference => "Correct the key (the message suggests one) or declare the entry it names.",
            Check::BadCode => "Write the code exactly as the access history shows it, as a string of digits.",
            Check::DuplicateCode => "Remove the repeated code.",
            Check::Io => "Check that the file exists and is readable.",
            Check::UndeclaredSharedCode => {
                "Add `[reasons.shared_codes]` with the code and a note on each reason that carries it, saying how \
                 administrators tell the reasons apart."
            }
            Check::StaleSharedCode => "Remove the declaration: the code is no longer carried by another reason.",
            Check::RemovedId => {
                "Restore the reason and mark it `retired` with a note: links to its anchor exist in the wild."
            }
            Check::RemovedCode => "Restore the code, on a retired reason if it is no longer recorded.",
            Check::Unused => "Use the declaration, or remove it.",
            Check::TranslationMismatch => "Make each language carry the same list items, links, inline code and codes.",
            Check::Untranslated => "Translate the text.",
            Check::Whitespace => "Remove the surrounding whitespace; use spaces, not tabs.",
            Check::ControlCharacter => "Retype the text; a U+FFFD usually means it was pasted in the wrong encoding.",
            Check::UnbalancedBrackets => "Close every bracket and quote that the text opens.",
            Check::StaleOutput => "Run `cargo xtask generate` and commit the result.",
            Check::Template => "Fix the template at the position given; words belong in the catalogue's [ui] table.",
            Check::StaleTranslation => {
                "Update the translation, then record it with `cargo xtask l10n stamp <path>` (see docs/TRANSLATING.md)."
            }
            Check::BadFingerprint => "Run `cargo xtask l10n stamp <path>`; fingerprints are not edited by hand.",
            Check::BadPattern => {
                "Write `{lang}` where the language key goes and `{id}` where the reason id goes, and no other `{…}`."
            }
            Check::BlockMarkup => {
                "Keep each text to one paragraph of inline markup; split a long remedy into steps and a long note \
                 into notes."
            }
            Check::LineBreak => "Write the text on one line.",
            Check::UnsafeLink => {
                "Link to an `https:`, `http:` or `mailto:` address, or a relative path; a `javascript:` or `data:` \
                 link could run script in a reader's browser."
            }
            Check::LeftoverTemporary => {
                "Delete the file: it is an incomplete copy from a run that was killed. `cargo xtask generate` removes \
                 those of runs that are no longer alive."
            }
        }
    }
}
