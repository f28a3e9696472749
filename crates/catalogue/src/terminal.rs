//! The one escaping routine for text shown on a terminal: every control character (C0, DEL and
//! C1, ESC among them, which starts colour, title and hyperlink sequences) and every invisible
//! character that reorders or breaks text is shown as an escape (`\u{1b}`, as rustc, cargo and
//! git print them), never sent raw. Every message, diagnostic, snippet, echoed argument and text
//! output of `mcauth` and `xtask` passes through here; the only escape sequence a tool may send
//! of its own is an OSC 8 hyperlink around an address [`link_allowed`] accepts.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

/// Is `c` shown escaped in every text: a control character other than a line feed or tab, or
/// a character that reorders text or breaks it where the reader sees no break?
pub fn is_escaped(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || crate::markup::is_bidi_control(c)
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}')
}

/// `text` as a terminal may show it, its line breaks and tabs kept: a text of many lines.
pub fn text(text: &str) -> Cow<'_, str> {
    escaped_by(text, is_escaped)
}

/// `text` as one line of a terminal: line breaks and tabs are escaped too (a value echoed in a
/// message, a file name, a source line under a diagnostic).
pub fn line(text: &str) -> Cow<'_, str> {
    escaped_by(text, |c| c == '\n' || c == '\t' || is_escaped(c))
}

/// One line of `text` and a byte range in it, with the range moved to where the same
/// characters are in the escaped line: a caret under a snippet stays under its characters.
pub fn line_with_span(text: &str, span: Range<usize>) -> (String, Range<usize>) {
    let mut out = String::with_capacity(text.len());
    let (mut start, mut end) = (None, None);
    for (at, c) in text.char_indices() {
        if at >= span.start && start.is_none() {
            start = Some(out.len());
        }
        if at >= span.end && end.is_none() {
            end = Some(out.len());
        }
        push(&mut out, c, |c| c == '\n' || c == '\t' || is_escaped(c));
    }
    let start = start.unwrap_or(out.len());
    let end = end.unwrap_or(out.len()).max(start);
    (out, start..end)
}

/// Text from a tool's own output, which may hold the tool's own OSC 8 hyperlinks: those that
/// are whole (`ESC ] 8 ; ; address ESC \`, the text, then the closing `ESC ] 8 ; ; ESC \`) and
/// whose address [`link_allowed`] accepts are kept; every other escape and control character is
/// shown escaped.
pub fn text_keeping_links(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    const CLOSE: &str = "\u{1b}]8;;\u{1b}\\";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\u{1b}') {
        out.push_str(&self::text(&rest[..at]));
        rest = &rest[at..];
        // An opening kept only with its closing, with no escape between them.
        let kept = opening_len(rest).and_then(|open| {
            let inner = &rest[open..];
            let end = inner.find('\u{1b}')?;
            (inner[end..].starts_with(CLOSE) && !inner[..end].chars().any(is_escaped))
                .then_some(open + end + CLOSE.len())
        });
        match kept {
            Some(len) => {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
            }
            None => {
                out.push_str("\\u{1b}");
                rest = &rest[1..];
            }
        }
    }
    out.push_str(&self::text(rest));
    Cow::Owned(out)
}

/// The length of the OSC 8 opening `text` starts with, terminated by ST (`ESC \`), when its
/// address is allowed; `None` for anything else.
fn opening_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\u{1b}]8;;")?;
    let end = body.find("\u{1b}\\")?;
    link_allowed(&body[..end]).then_some("\u{1b}]8;;".len() + end + 2)
}

/// May a terminal be sent `address` as a hyperlink's target: an absolute `https:` or `http:`
/// address that the catalogue's link rules accept and that holds no character shown escaped?
pub fn link_allowed(address: &str) -> bool {
    let lower = address.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && crate::markup::link_problem(address).is_none()
        && !address.chars().any(is_escaped)
}

/// Serialised JSON with every character a terminal must not be sent raw written as a JSON
/// escape (`\u0085`, `\u202e`): a JSON writer escapes C0 controls only, and DEL, C1 and
/// bidirectional controls may stand only inside strings, where the escape means the same
/// character. The document reads back identical.
pub fn json(serialised: &str) -> Cow<'_, str> {
    if !serialised.chars().any(is_escaped) {
        return Cow::Borrowed(serialised);
    }
    let mut out = String::with_capacity(serialised.len() + 16);
    for c in serialised.chars() {
        if is_escaped(c) {
            // Every such character is in the Basic Multilingual Plane: one escape each.
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text in an encoding other than UTF-8 (Shift_JIS), or bytes that are not text, as a
/// terminal may show them: valid UTF-8 as [`text`] shows it; anything else with its C0 controls
/// (but line feeds and tabs) and DEL escaped, the bytes every ASCII-compatible encoding shares
/// (a Shift_JIS character's second byte is never one of them).
pub fn bytes(bytes: &[u8]) -> Cow<'_, [u8]> {
    if let Ok(utf8) = std::str::from_utf8(bytes) {
        return match text(utf8) {
            Cow::Borrowed(_) => Cow::Borrowed(bytes),
            Cow::Owned(shown) => Cow::Owned(shown.into_bytes()),
        };
    }
    let escaped = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F;
    if !bytes.iter().any(|&b| escaped(b)) {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len() + 8);
    for &b in bytes {
        if escaped(b) {
            out.extend_from_slice(format!("\\u{{{b:x}}}").as_bytes());
        } else {
            out.push(b);
        }
    }
    Cow::Owned(out)
}

fn escaped_by(text: &str, escaped: impl Fn(char) -> bool + Copy) -> Cow<'_, str> {
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push(&mut out, c, escaped);
    }
    Cow::Owned(out)
}

fn push(out: &mut String, c: char, escaped: impl Fn(char) -> bool) {
    if !escaped(c) {
        out.push(c);
        return;
    }
    match c {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character a terminal acts on or that changes how text reads.
    fn hostile() -> Vec<char> {
        let mut all: Vec<char> = (0u32..0x20).chain(0x7F..0xA0).filter_map(char::from_u32).collect();
        all.extend(['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2069}']);
        all.extend(['\u{200E}', '\u{200F}', '\u{061C}', '\u{2028}', '\u{2029}']);
        all
    }

    #[test]
    fn no_control_character_survives_a_line() {
        for c in hostile() {
            let shown = line(&format!("a{c}b")).into_owned();
            assert!(!shown.chars().any(|s| s.is_control() || s == c), "U+{:04X}: {shown:?}", c as u32);
        }
        assert_eq!(line("a\u{1b}]0;title\u{7}b"), "a\\u{1b}]0;title\\u{7}b");
        assert_eq!(line("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(line("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(line("two\nlines\t"), "two\\nlines\\t");
        assert_eq!(line("認証結果"), "認証結果");
    }

    #[test]
    fn a_text_keeps_its_lines_and_tabs_only() {
        assert_eq!(text("a\n\tb\r\n"), "a\n\tb\\r\n");
        for c in hostile().into_iter().filter(|c| !matches!(c, '\n' | '\t')) {
            assert!(!text(&c.to_string()).contains(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn a_span_follows_its_characters_into_the_escaped_line() {
        let source = "x = \"\u{1b}[2Jabc\"";
        let at = source.find("abc").unwrap();
        let (shown, span) = line_with_span(source, at..at + 3);
        assert_eq!(&shown[span], "abc");
        let (shown, span) = line_with_span(source, 5..6);
        assert_eq!(&shown[span], "\\u{1b}");
        let (_, span) = line_with_span("ab", 2..2);
        assert_eq!(span, 2..2);
    }

    #[test]
    fn only_whole_allowed_hyperlinks_are_kept() {
        let good = "\u{1b}]8;;https://example.org/a\u{1b}\\FAQ\u{1b}]8;;\u{1b}\\";
        assert_eq!(text_keeping_links(good), good);
        let two = format!("{good}, {good}\n");
        assert_eq!(text_keeping_links(&two), two);
        for bad in [
            "\u{1b}]8;;javascript:alert(1)\u{1b}\\x\u{1b}]8;;\u{1b}\\",
            "\u{1b}]8;;https://example.org/\u{7}x",
            "\u{1b}]8;;https://exa mple.org/\u{1b}\\x",
            "\u{1b}]0;title\u{1b}\\",
            "\u{1b}[2J",
            "\u{1b}]8;;\u{1b}\\",
            "\u{1b}]8;;https://example.org/\u{1b}\\never closed",
            "\u{1b}]8;;https://example.org/\u{1b}\\a\u{9b}b\u{1b}]8;;\u{1b}\\",
        ] {
            let shown = text_keeping_links(bad);
            assert!(!shown.starts_with('\u{1b}'), "{bad:?} → {shown:?}");
            assert!(!shown.chars().any(|c| c.is_control()), "{bad:?} → {shown:?}");
        }
    }

    #[test]
    fn bytes_in_another_encoding_lose_their_controls_only() {
        // 「認証」 in Shift_JIS, an escape, a line end.
        let sjis = b"\x81\x75\x94\x46\x8f\xd8\x81\x76\x1b[2J\r\n";
        assert_eq!(&bytes(sjis)[..], b"\x81\x75\x94\x46\x8f\xd8\x81\x76\\u{1b}[2J\\u{d}\n");
        assert_eq!(&bytes("a\u{85}b\n".as_bytes())[..], b"a\\u{85}b\n");
        assert!(matches!(bytes(b"plain,row\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_reads_back_the_same_with_no_raw_control() {
        let value = "a\u{85}b\u{202e}c\u{7f}";
        let serialised = format!("{{\"t\":\"{value}\"}}");
        let safe = json(&serialised);
        assert!(!safe.chars().any(is_escaped), "{safe}");
        assert_eq!(safe, "{\"t\":\"a\\u0085b\\u202ec\\u007f\"}");
    }
}
