//! The registry of checks: every problem carries one stable code, a severity and an explanation.
//!
//! Codes are never reused or renumbered: documentation, CI logs and links refer to them.
//! `docs/checks.md` is generated from this list.

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails `check` and stops `generate`.
    Error,
    /// Reported; fails a run only with `--deny warnings`.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as every output names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Declares every check once: its variant, code, severity, summary and remedy. The enum, its
/// `ALL` list and the per-check lookups are generated from this one table, so no check can be
/// missing from one of them.
macro_rules! checks {
    ($($name:ident = $code:literal, $severity:ident, $summary:expr, $remedy:expr;)*) => {
        /// One kind of problem.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Check {
            $(
                #[doc = $summary]
                $name,
            )*
        }

        impl Check {
            /// Every check, in the order of their codes.
            pub const ALL: &'static [Check] = &[$(Check::$name),*];

            /// The stable code (`C014`) that documentation, CI logs and links use.
            pub fn code(self) -> &'static str {
                match self {
                    $(Check::$name => $code,)*
                }
            }

            /// How serious a problem of this kind is; warnings fail a run only with `--deny warnings`.
            pub fn severity(self) -> Severity {
                match self {
                    $(Check::$name => Severity::$severity,)*
                }
            }

            /// One line: what the check finds.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Check::$name => $summary,)*
                }
            }

            /// What to do about it, for the checks index.
            pub fn remedy(self) -> &'static str {
                match self {
                    $(Check::$name => $remedy,)*
                }
            }

            /// The long explanation (`cargo xtask check --explain C019`): what the check
            /// protects, an example that fires, how to fix it; Markdown, from
            /// `explanations/<code>.md`.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Check::$name => include_str!(concat!("explanations/", $code, ".md")),)*
                }
            }
        }
    };
}

checks! {
    Syntax = "C001", Error,
        "the file is not valid TOML",
        "Fix the TOML at the position given; the other checks run once the file parses.";
    UnknownKey = "C002", Error,
        "a key that the catalogue format does not define",
        "Correct the key (the message suggests the closest allowed one) or remove it.";
    WrongType = "C003", Error,
        "a value of the wrong type (a number where a string is expected, …)",
        "Write the value in the expected form: codes and ids are quoted strings, lists use [ ].";
    MissingField = "C004", Error,
        "a required field or table is absent",
        "Add the field; the message names it.";
    EmptyText = "C005", Error,
        "a text, list or name is empty or only whitespace",
        "Write the text, or remove the entry that holds it.";
    MissingTranslation = "C006", Error,
        "a text lacks one of the declared languages",
        "Add the missing language to the text: `{ ja = \"…\", en = \"…\" }`.";
    UndeclaredLanguage = "C007", Error,
        "a text is given in a language the catalogue does not declare",
        "Correct the language key, or declare the language under [languages].";
    BadId = "C008", Error,
        "an id or key is not a slug, or takes an anchor the pages reserve",
        "Use lowercase ASCII letters and digits joined by single hyphens; ids may not be a page's own anchors.";
    DuplicateId = "C009", Error,
        "two reasons share an id",
        "Give the reason an id of its own. Published ids never change.";
    UndeclaredReference = "C010", Error,
        "an entry names a model, side, product type, link, source or language that is not declared",
        "Correct the key (the message suggests one) or declare the entry it names.";
    BadCode = "C011", Error,
        "a code is not one to nine digits without a leading zero",
        "Write the code exactly as the access history shows it, as a string of digits.";
    DuplicateCode = "C012", Error,
        "a reason lists the same code twice",
        "Remove the repeated code.";
    Io = "C013", Error,
        "a file could not be read",
        "Check that the file exists and is readable.";
    UndeclaredSharedCode = "C014", Error,
        "a code carried by several reasons of one model is not declared shared on each of them",
        "Add `[reasons.shared_codes]` with the code and a note on each reason that carries it, saying how \
                 administrators tell the reasons apart.";
    StaleSharedCode = "C015", Error,
        "a shared-code declaration no longer covers a collision (a stale exemption)",
        "Remove the declaration: the code is no longer carried by another reason.";
    RemovedId = "C016", Error,
        "a reason id that existed at the base revision is gone",
        "Restore the reason and mark it `retired` with a note: links to its anchor exist in the wild.";
    RemovedCode = "C017", Error,
        "a code that a model carried at the base revision is gone",
        "Restore the code, on a retired reason if it is no longer recorded.";
    Unused = "C018", Warning,
        "a declared model, side, product type, link or source that nothing uses",
        "Use the declaration, or remove it.";
    TranslationMismatch = "C019", Error,
        "the languages of a text differ in list items, links, inline code, emphasis or codes",
        "Make each language carry the same list items, links, inline code and codes.";
    Untranslated = "C020", Warning,
        "a translation still contains the source script, or is identical to the source text",
        "Translate the text.";
    Whitespace = "C021", Warning,
        "leading or trailing whitespace, a tab, or two spaces in a row in a text",
        "Remove the surrounding whitespace; use spaces, not tabs.";
    ControlCharacter = "C022", Error,
        "a control character, a bidirectional control or U+FFFD (mojibake) in a text or any other string",
        "Retype the text; a U+FFFD usually means it was pasted in the wrong encoding.";
    UnbalancedBrackets = "C023", Warning,
        "brackets or quotes ( ) （ ） [ ] 「 」 『 』 “ ” that do not pair up in a text",
        "Close every bracket and quote that the text opens.";
    StaleOutput = "C024", Error,
        "a generated file is missing or differs from what `cargo xtask generate` writes",
        "Run `cargo xtask generate` and commit the result.";
    Template = "C025", Error,
        "a template cannot be read, parsed or rendered",
        "Fix the template at the position given; words belong in the catalogue's [ui] table.";
    StaleTranslation = "C026", Warning,
        "a translation was made from an older source text, or has no fingerprint (`--deny stale` makes it an error)",
        "Update the translation, then record it with `cargo xtask l10n stamp <path>` (see docs/TRANSLATING.md).";
    BadFingerprint = "C027", Error,
        "a fingerprint (`en_from`) is not eight hex digits",
        "Delete the broken `en_from`, then run `cargo xtask l10n stamp <path>` (it refuses while the catalogue has errors); fingerprints are not edited by hand.";
    BadPattern = "C028", Error,
        "the `faq_url` pattern lacks the `{id}` placeholder, or names one it does not know",
        "Write `{lang}` where the language key goes and `{id}` where the reason id goes, and no other `{…}`.";
    BlockMarkup = "C029", Error,
        "a text holds block markup (a heading, list, quote, code block, rule or a second paragraph); \
                 every output places texts inline",
        "Keep each text to one paragraph of inline markup; split a long remedy into steps and a long note \
                 into notes.";
    LineBreak = "C030", Error,
        "a text or string that must be one line (a message, title, name, term, heading, label, column, address) breaks",
        "Write the text on one line.";
    UnsafeLink = "C031", Error,
        "a link whose scheme is not `https`, `http` or `mailto` (or that is not a valid address), in `[links]`, \
                 `[sources]`, `faq_url`, `base_url` or a text",
        "Link to an `https:`, `http:` or `mailto:` address, or a relative path; a `javascript:` or `data:` \
                 link could run script in a reader's browser.";
    LeftoverTemporary = "C032", Error,
        "a temporary file left behind by an interrupted run",
        "Delete the file: it is an incomplete copy from a run that was killed. `cargo xtask generate` removes \
                 those of runs that are no longer alive.";
    LostAnchor = "C033", Error,
        "a page or an anchor published at the base revision no longer resolves",
        "Keep the page, or give a renamed reason `renamed_from = [\"old-id\"]`; a retired reason keeps its anchor.";
    MissingProvenance = "C034", Error,
        "a remedy step or note of a reason does not say where it comes from",
        "Add `source = \"<key>\"` naming the [sources] entry it comes from, or `source = \"ours\"` for a text we \
                 wrote: readers are shown which steps are the vendor's and which are ours.";
    AmbiguousConsoleText = "C035", Error,
        "a console text that two reasons of one model share, or that is another reason's message",
        "Give the text to the one reason the access history shows it for: a text that names two reasons \
                 identifies neither.";
    TermDrift = "C036", Warning,
        "a translation does not use the glossary's translation of a term its source text uses",
        "Use the glossary's term (`enforce = true` entries), so that one source term has one translation \
                 everywhere; or change the glossary entry if the term itself should change.";
    LinkWithoutAddress = "C037", Warning,
        "a link with neither an address (`url`) nor `url_unknown = true`, or with both",
        "Give the document's `url` where a source shows it; where none does, say `url_unknown = true`, so that \
                 readers see its title as text and nobody wonders whether the address was forgotten.";
    NotInSource = "C038", Error,
        "a text shown as coming from a source is not found in the catalogue's copy of that source",
        "Quote the source word for word (only markup, spaces and the source's declared `corrections` may \
                 differ), or mark the text `source = \"ours\"` if it is our wording. A text with no `source` \
                 outside labels is the transcribed page's own.";
    ReferenceCodeClash = "C039", Error,
        "a reference code that is also a reason's code, or that two entries list",
        "A number the user is shown and a number the access history records are different things: list \
                 each reference code once, and never a reason's code.";
    PlaceholderMismatch = "C040", Error,
        "the languages of a text differ in their `{placeholders}`",
        "Keep every `{name}` of the source text, spelt as it is, in each translation: the generator fills \
                 them in, and a misspelt one is printed as it is.";
    NumberMismatch = "C041", Warning,
        "a translation drops or adds a number that is not a code (full-width digits read as ASCII)",
        "Write the source's numbers in the translation, as digits (`1 minute` for 1分間).";
    InconsistentTranslation = "C042", Warning,
        "the same source text is translated two ways",
        "Translate a repeated text the same way everywhere (`cargo xtask l10n propagate PATH` copies one \
                 translation to every repeat), or reword one source text if the two should differ.";
    TermNotFollowed = "C043", Warning,
        "a translation does not use the glossary's translation of a term (one without `enforce`) its source uses",
        "Use the glossary's term, or change the glossary entry if the term itself should change.";
    EndPunctuation = "C044", Warning,
        "a translation ends differently from its source: a sentence (。 . ! ?), a colon, or no punctuation",
        "End the translation as the source ends: a full sentence with a full stop, a lead-in with a colon, a \
                 title or label with nothing.";
    InvisibleCharacter = "C045", Warning,
        "an invisible character (zero-width or no-break space, word joiner, byte-order mark, LRM or RLM) in a text",
        "Delete it and type an ordinary space where one is meant; it usually comes with pasted text.";
    FullWidthLatin = "C046", Warning,
        "full-width Latin letters, digits, punctuation or spaces in a translation into a language that does \
                 not write CJK (`ＵＳＢ`)",
        "Type the ordinary (half-width) characters: `USB`, `1`, `(`.";
    LengthRatio = "C047", Warning,
        "a translation far shorter or longer than its source, outside the band its language declares \
                 (`[languages.*] length_ratio`)",
        "Check that nothing was left out or pasted twice; if the translation is right, widen the language's \
                 `length_ratio`.";
    DraftTranslationMissing = "C048", Warning,
        "a text lacks its translation into a draft language (`draft = true`)",
        "Translate it; until then the pages of the draft language show the source text, marked.";
    LongSentence = "C049", Warning,
        "a sentence of a Japanese text we wrote is over 100 characters",
        "Split it into two sentences, or move a condition into a sentence of its own.";
    ManyCommas = "C050", Warning,
        "a sentence of a Japanese text we wrote has more than three 読点 (、)",
        "Split the sentence, or make its items a list.";
    MixedStyle = "C051", Warning,
        "a Japanese text we wrote mixes です・ます with である",
        "Write every sentence in です・ます, as the catalogue's other texts are.";
    HalfWidthKana = "C052", Warning,
        "half-width katakana (ｱｲｳ) in a Japanese text we wrote",
        "Type it in full-width katakana.";
    DoubledParticle = "C053", Warning,
        "the same particle twice with no other between in one sentence (私は彼は), or a mark or particle typed twice in a row (。。, をを)",
        "Reword so that each clause has its own object or subject, or delete the repeated character.";
    AsciiPunctuation = "C054", Warning,
        "ASCII punctuation right after Japanese (、。：！？ are full-width), or a code in full-width parentheses",
        "Write the full-width mark; write codes in half-width parentheses, as the vendor does: (110200).";
    NoteMark = "C055", Warning,
        "a ※ note that does not start its text",
        "Give the note a text of its own that starts with ※, or drop the ※.";
}

impl Check {
    /// The check with this code (`C014`), if there is one.
    pub fn from_code(code: &str) -> Option<Check> {
        Check::ALL.iter().copied().find(|c| c.code().eq_ignore_ascii_case(code))
    }
}

#[cfg(test)]
mod tests {
    use super::Check;

    #[test]
    fn codes_are_unique_and_in_order() {
        let codes: Vec<&str> = Check::ALL.iter().map(|c| c.code()).collect();
        for (n, code) in codes.iter().enumerate() {
            assert_eq!(*code, format!("C{:03}", n + 1), "codes are numbered in order, none skipped or repeated");
            assert_eq!(Check::from_code(code), Some(Check::ALL[n]));
        }
        for check in Check::ALL {
            assert!(!check.summary().is_empty() && !check.remedy().is_empty(), "{check:?}");
        }
    }

    #[test]
    fn every_explanation_says_what_it_protects_shows_an_example_and_how_to_fix_it() {
        const PARTS: [&str; 3] = ["### What it protects", "### An example that fires", "### How to fix it"];
        for check in Check::ALL {
            let text = check.explanation();
            let headings: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
            assert_eq!(headings, PARTS, "{}: the three parts, in order, and no other heading", check.code());
            let example = &text[text.find(PARTS[1]).unwrap()..text.find(PARTS[2]).unwrap()];
            assert!(
                example.contains("```toml\n") || example.contains("```text\n"),
                "{}: an example block",
                check.code()
            );
            for part in text.split("### ").skip(1) {
                assert!(part.lines().skip(1).any(|l| !l.trim().is_empty()), "{}: an empty part", check.code());
            }
            assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{}: ends with one line break", check.code());
            assert!(!text.lines().any(|l| l.ends_with(' ')), "{}: trailing spaces", check.code());
        }
    }
}
