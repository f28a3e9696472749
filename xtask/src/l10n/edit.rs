//! Surgical edits of the catalogue's TOML by byte span: a translation's value replaced, a
//! fingerprint set or added. Everything else (comments, order, layout, quoting of untouched
//! values) stays byte for byte as it was.

use std::ops::Range;

use catalogue::Text;
use catalogue::fingerprint;

/// Replace `range` of the source with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

/// Applies non-overlapping edits to a source text.
pub fn apply(source: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = source.to_string();
    for edit in edits {
        out.replace_range(edit.range, &edit.text);
    }
    out
}

/// A TOML basic string holding `value`.
pub fn toml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    escape_into(&mut out, value, |c, out| out.push_str(&format!("\\u{:04X}", c as u32)));
    out.push('"');
    out
}

/// Escapes `value` for a double-quoted string, TOML's or PO's: quotes, backslashes, line ends
/// and tabs by their C escapes; any other control character as `other` writes it.
pub fn escape_into(out: &mut String, value: &str, other: fn(char, &mut String)) {
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => other(c, out),
            c => out.push(c),
        }
    }
}

/// Records `fingerprint` as the source of `lang`'s translation: replaces the recorded one, or
/// adds `<lang>_from` right after the translation.
pub fn set_fingerprint(source: &str, text: &Text, lang: &str, fingerprint: &str) -> Option<Edit> {
    let value = toml_string(fingerprint);
    if let Some(recorded) = text.fingerprint(lang) {
        return Some(Edit { range: recorded.span(), text: value });
    }
    let translation = text.entry(lang)?;
    let at = translation.span().end;
    let key = format!("{lang}{}", fingerprint::SUFFIX);
    let inline = source[text.span.start..].trim_start().starts_with('{');
    let text = if inline { format!(", {key} = {value}") } else { format!("\n{key} = {value}") };
    Some(Edit { range: at..at, text })
}

/// Adds `lang`'s translation with its fingerprint after the text's last entry, in the text's
/// own layout (inline table or one key per line). A fingerprint already there is replaced.
pub fn add_translation(source: &str, text: &Text, lang: &str, value: &str, fingerprint: &str) -> Vec<Edit> {
    let Some(at) = text.entries.iter().chain(&text.fingerprints).map(|(_, v)| v.span().end).max() else {
        return Vec::new();
    };
    let inline = source[text.span.start..].trim_start().starts_with('{');
    let separator = if inline { ", " } else { "\n" };
    let mut added = format!("{separator}{lang} = {}", toml_string(value));
    let mut edits = Vec::new();
    match text.fingerprint(lang) {
        Some(recorded) => edits.push(Edit { range: recorded.span(), text: toml_string(fingerprint) }),
        None => added.push_str(&format!("{separator}{lang}{} = {}", fingerprint::SUFFIX, toml_string(fingerprint))),
    }
    edits.push(Edit { range: at..at, text: added });
    edits
}

/// Replaces `lang`'s translation with `value`.
pub fn set_translation(text: &Text, lang: &str, value: &str) -> Option<Edit> {
    let translation = text.entry(lang)?;
    Some(Edit { range: translation.span(), text: toml_string(value) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(source: &str) -> Text {
        #[derive(serde::Deserialize)]
        struct Holder {
            t: Text,
        }
        toml::from_str::<Holder>(source).unwrap().t
    }

    #[test]
    fn fingerprints_are_added_inline_or_on_their_own_line_and_replaced_in_place() {
        let inline = "t = { ja = \"あ\", en = \"A\" } # keep me\n";
        let edit = set_fingerprint(inline, &text_of(inline), "en", "0123abcd").unwrap();
        assert_eq!(apply(inline, vec![edit]), "t = { ja = \"あ\", en = \"A\", en_from = \"0123abcd\" } # keep me\n");

        let table = "[t]\nja = \"あ\"\nen = \"A\"\n\n# next\n";
        let edit = set_fingerprint(table, &text_of(table), "en", "0123abcd").unwrap();
        assert_eq!(apply(table, vec![edit]), "[t]\nja = \"あ\"\nen = \"A\"\nen_from = \"0123abcd\"\n\n# next\n");

        let stamped = "t = { ja = \"あ\", en = \"A\", en_from = \"00000000\" }";
        let edit = set_fingerprint(stamped, &text_of(stamped), "en", "0123abcd").unwrap();
        assert_eq!(apply(stamped, vec![edit]), "t = { ja = \"あ\", en = \"A\", en_from = \"0123abcd\" }");
    }

    #[test]
    fn missing_translations_are_added_with_their_fingerprints() {
        let inline = "t = { ja = \"あ\", en = \"A\" }\n";
        let edits = add_translation(inline, &text_of(inline), "de", "Ä", "0123abcd");
        assert_eq!(apply(inline, edits), "t = { ja = \"あ\", en = \"A\", de = \"Ä\", de_from = \"0123abcd\" }\n");

        let table = "[t]\nja = \"あ\"\nde_from = \"00000000\"\n\n# next\n";
        let edits = add_translation(table, &text_of(table), "de", "Ä", "0123abcd");
        assert_eq!(apply(table, edits), "[t]\nja = \"あ\"\nde_from = \"0123abcd\"\nde = \"Ä\"\n\n# next\n");
    }

    #[test]
    fn translations_are_replaced_with_escaped_strings() {
        let source = "t = { ja = \"あ\", en = 'A' }";
        let edit = set_translation(&text_of(source), "en", "say \"hi\"\\\n").unwrap();
        assert_eq!(apply(source, vec![edit]), "t = { ja = \"あ\", en = \"say \\\"hi\\\"\\\\\\n\" }");
    }
}
