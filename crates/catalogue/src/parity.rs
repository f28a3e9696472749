//! What a translation must keep of its source text, read the same way for every language:
//! `{placeholders}`, numbers, end punctuation, and characters a text should not hold. The
//! checks that use them live in `lint.rs`; `l10n import` applies the same checks, since it
//! loads the catalogue it would write.

/// The `{name}` placeholders of a text, sorted: what the generator fills in, so what every
/// language of a label must keep as it is.
pub(crate) fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find(['}', '{']) {
            Some(close) if after[close..].starts_with('}') => {
                let name = &after[..close];
                if is_placeholder_name(name) {
                    found.push(name);
                }
                rest = &after[close + 1..];
            }
            Some(close) => rest = &after[close..],
            None => break,
        }
    }
    found.sort_unstable();
    found
}

/// A placeholder's name: an ASCII letter or underscore, then letters, digits or underscores.
fn is_placeholder_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The numbers of a text, sorted: each run of digits, full-width digits read as ASCII ones
/// (as a Japanese input method types them), leading zeros kept.
pub(crate) fn numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        match ascii_digit(c) {
            Some(d) => current.push(d),
            None if !current.is_empty() => found.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        found.push(current);
    }
    found.sort_unstable();
    found
}

/// A digit, ASCII or full-width, as its ASCII digit.
fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// How a text ends, once closing brackets, quotes and emphasis are set aside: what a reader
/// takes it for (a sentence, a lead-in before what follows, or a phrase).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending {
    /// `。`, `.`, `!`, `?` and their full-width forms.
    Sentence,
    /// `：`, `:`.
    LeadIn,
    /// Anything else: a title, a label, a name, a list item.
    Phrase,
}

impl Ending {
    /// How readers call it, for a diagnostic.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Ending::Sentence => "ends a sentence (。 . ! ?)",
            Ending::LeadIn => "ends with a colon",
            Ending::Phrase => "has no end punctuation",
        }
    }
}

/// How a text ends.
pub(crate) fn ending(text: &str) -> Ending {
    let closing =
        |c: char| matches!(c, ')' | '）' | '」' | '』' | '”' | '"' | '\'' | '’' | ']' | '］' | '*' | '_' | '`');
    match text.trim_end().trim_end_matches(closing).chars().next_back() {
        Some('。' | '.' | '．' | '!' | '！' | '?' | '？') => Ending::Sentence,
        Some(':' | '：') => Ending::LeadIn,
        _ => Ending::Phrase,
    }
}

/// A character no text should hold, and a person cannot see: a zero-width or no-break space,
/// a word joiner, a byte-order mark, a left-to-right or right-to-left mark. (Bidirectional
/// overrides and isolates are worse, and refused as control characters: C022.)
pub(crate) fn invisible(text: &str) -> Option<char> {
    text.chars()
        .find(|c| matches!(c, '\u{00A0}' | '\u{200B}'..='\u{200F}' | '\u{202F}' | '\u{2060}' | '\u{FEFF}' | '\u{2007}'))
}

/// Does the language write with CJK characters (Chinese, Japanese, Korean), where full-width
/// forms and shared characters are the script's own? Read from the language key's primary
/// subtag, as BCP 47 writes it.
pub(crate) fn is_cjk(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang).to_ascii_lowercase();
    matches!(primary.as_str(), "ja" | "zh" | "ko" | "yue" | "cmn")
}

/// A full-width Latin letter, digit, punctuation mark or the ideographic space, which a
/// translation into a language that does not write CJK should not hold (`ＵＳＢ` for `USB`).
pub(crate) fn full_width(text: &str) -> Option<char> {
    text.chars().find(|c| matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}'))
}

/// A run of two or more ASCII spaces inside a text, where a typist meant one.
pub(crate) fn double_space(text: &str) -> bool {
    text.lines().any(|line| line.trim().contains("  "))
}

/// The band a translation's length keeps against its source's, when the language declares
/// none: wide enough for any pair of languages, narrow enough to catch a sentence translated
/// as one word.
pub(crate) const DEFAULT_LENGTH_RATIO: (f64, f64) = (0.3, 8.0);

/// Below this many characters (without spaces or markup), a source text is too short for its
/// translation's length to say anything: labels, names, single words.
pub(crate) const LENGTH_RATIO_FROM: usize = 10;

/// A text's length as the length check counts it: its words' characters, without spaces.
pub(crate) fn length(text: &str) -> usize {
    crate::markup::plain(text).chars().filter(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_names_in_braces() {
        assert_eq!(placeholders("Showing {shown} of {total}"), ["shown", "total"]);
        assert_eq!(placeholders("{total}件中{shown}件を表示"), ["shown", "total"]);
        assert_eq!(placeholders("a { b } {} {1x} {{x}} {_y}"), ["_y", "x"]);
        assert!(placeholders("no braces").is_empty());
    }

    #[test]
    fn numbers_read_full_width_digits_as_ascii() {
        assert_eq!(numbers("283/291/293"), ["283", "291", "293"]);
        assert_eq!(numbers("コード２８３と1分間"), ["1", "283"]);
        assert_eq!(numbers("Step 1 in 2026, 007"), ["007", "1", "2026"]);
        assert!(numbers("no digits").is_empty());
    }

    #[test]
    fn endings_set_closing_marks_aside() {
        assert_eq!(ending("接続します。"), Ending::Sentence);
        assert_eq!(ending("Connect with it (`mc_viewer.exe`)."), Ending::Sentence);
        assert_eq!(ending("「{message}」({codes})"), Ending::Phrase);
        assert_eq!(ending("{actor}："), Ending::LeadIn);
        assert_eq!(ending("For {types}:"), Ending::LeadIn);
        assert_eq!(ending("Is it?"), Ending::Sentence);
        assert_eq!(ending("(our addition)"), Ending::Phrase);
        assert_eq!(ending("“Quoted.”"), Ending::Sentence);
    }

    #[test]
    fn invisible_and_full_width_characters_are_found() {
        assert_eq!(invisible("a\u{200B}b"), Some('\u{200B}'));
        assert_eq!(invisible("a\u{00A0}b"), Some('\u{00A0}'));
        assert_eq!(invisible("plain 日本語"), None);
        assert_eq!(full_width("ＵＳＢ key"), Some('Ｕ'));
        assert_eq!(full_width("USB key"), None);
        assert!(is_cjk("ja") && is_cjk("zh-Hans") && is_cjk("ko") && !is_cjk("en") && !is_cjk("de"));
        assert!(double_space("two  spaces") && !double_space("one space") && !double_space("  indented"));
    }
}
