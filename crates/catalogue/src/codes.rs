//! The one grammar of codes: a code the catalogue declares ([`is_code`]), the codes a person
//! types or a cell lists ([`code_list`]), and the codes at the end of a message
//! ([`strip_code_suffix`], [`code_suffix`]). The loader, the lookups, `explain` and `annotate`
//! all read codes through these.

use std::borrow::Borrow;
use std::fmt;

crate::keys::key! {
    /// A code as the catalogue declares it: the number that ends a reason's message in the
    /// access history, as its digits. A loaded catalogue's codes are all [`is_code`].
    Code
}

/// Is this a code: one to nine digits without a leading zero?
pub fn is_code(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0') && text.len() <= 9
}

/// The codes in a list such as `170400,180200` or `170400 180200` as a person types it:
/// every run of digits, without leading zeros (`0` stays `0`, the code no reason has).
pub fn code_list(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|c| match c.trim_start_matches('0') {
            "" => "0".to_string(),
            trimmed => trimmed.to_string(),
        })
        .collect()
}

/// The message without a trailing `(110200)` or `(170400,180200)`, in ASCII or full-width parentheses.
pub fn strip_code_suffix(text: &str) -> &str {
    let trimmed = text.trim_end();
    let Some(inner) = trimmed.strip_suffix(')').or_else(|| trimmed.strip_suffix('）')) else {
        return text.trim();
    };
    let open = inner.rfind(['(', '（']);
    match open {
        Some(at) => {
            let codes = &inner[at + inner[at..].chars().next().map_or(1, char::len_utf8)..];
            if !codes.is_empty() && codes.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '，' | '、' | ' '))
            {
                inner[..at].trim()
            } else {
                text.trim()
            }
        }
        None => text.trim(),
    }
}

/// The codes in a trailing `(…)` of a message, if it has one.
pub fn code_suffix(text: &str) -> Vec<String> {
    let stripped = strip_code_suffix(text);
    if stripped.len() == text.trim().len() {
        return Vec::new();
    }
    code_list(&text.trim()[stripped.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_suffixes_are_recognised_in_both_widths() {
        assert_eq!(strip_code_suffix("「あ。」(110200)"), "「あ。」");
        assert_eq!(strip_code_suffix("Denied. (170400,180200,190500)"), "Denied.");
        assert_eq!(strip_code_suffix("あ。（40200）"), "あ。");
        assert_eq!(strip_code_suffix("Use (mc_viewer.exe)"), "Use (mc_viewer.exe)");
        assert_eq!(code_suffix("x (170400,180200)"), vec!["170400", "180200"]);
        assert_eq!(code_list("0, 00110200 (7)"), vec!["0", "110200", "7"]);
        assert!(is_code("110200") && !is_code("0110200") && !is_code("11O200") && !is_code("1234567890"));
        assert!(code_suffix("no code").is_empty());
    }
}
