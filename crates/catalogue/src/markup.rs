//! Catalogue texts are CommonMark; this gives their words alone, for plain-text outputs such as
//! CSV cells and terminal output.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The words of a text without markup; paragraphs separated by a line break, list items
/// marked with `- `. Raw HTML is kept as the text it is.
pub fn plain(text: &str) -> String {
    if is_plain(text) {
        // Nothing here is markup: the words are the text (most messages and labels).
        return text.trim().to_string();
    }
    parsed_plain(text)
}

/// Can CommonMark give no meaning to anything in this text? Conservative: a text that might
/// hold markup takes the full parser, so both paths render identically.
///
/// One pass over the bytes with a table, fast even in the debug build `cargo xtask` runs: every
/// character that matters is ASCII, and no byte of a multi-byte character is ASCII.
pub fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else { return true };
    // Digits start a block only as an ordered list's number, which a `.` or `)` ends.
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let numbered = digits > 0 && matches!(bytes.get(digits), Some(b'.' | b')'));
    let starts_a_block = numbered || matches!(first, b'#' | b'-' | b'+' | b'=' | b'>' | b' ' | b'\t');
    if starts_a_block || matches!(last, b' ' | b'\t') {
        return false;
    }
    let mut previous = 0;
    for &byte in bytes {
        if MARKUP_BYTE[usize::from(byte)] || matches!((previous, byte), (b']', b'(' | b'[') | (b'[', b']')) {
            return false;
        }
        previous = byte;
    }
    true
}

/// The bytes that may start or end CommonMark markup anywhere in a text.
static MARKUP_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let special = b"`*_<>&\\~\n\r!\"|";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = true;
        i += 1;
    }
    table
};

/// The words of a text, from the CommonMark parser.
fn parsed_plain(text: &str) -> String {
    plain_of(Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH))
}

/// The words of a text's events (CommonMark with strikethrough), as [`plain`] gives them.
pub fn plain_of<'e>(events: impl Iterator<Item = Event<'e>>) -> String {
    let mut out = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Text as HTML body text: `&`, `<` and `>` escaped (the one HTML text escaping of every output).
pub fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html_body_text(&mut out, text).expect("writing to a String cannot fail");
    out
}

/// Text as an HTML attribute value in double quotes: quotes escaped as well.
pub fn html_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

/// Text as XML character data or a quoted attribute value (the sitemap, a workbook's parts):
/// the five markup characters as entities, and the characters XML 1.0 cannot hold (controls
/// other than tab and line ends, U+FFFE, U+FFFF) replaced by U+FFFD. The one escaping routine
/// of the XML outputs.
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A spreadsheet cell's text: one starting with `=`, `+`, `-`, `@`, a tab or a carriage return
/// is prefixed with `'`, so that a spreadsheet shows it as text instead of evaluating it
/// (OWASP's CSV-injection advice).
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Escapes a plain value (a name, a label, an address shown as text) for inline Markdown:
/// every character CommonMark could read as markup is backslash-escaped, and a line break
/// becomes a space. This is the Markdown templates' autoescape.
pub fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A whole Markdown code span holding `text` as it is: fenced with one backtick more than the
/// longest run inside, padded with a space where the text starts or ends with a backtick, line
/// breaks made spaces (a code span is one line here). Nothing inside a code span is escaped,
/// so this is the only way to put text in one.
pub fn md_code(text: &str) -> String {
    let text: String = text.chars().map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c }).collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Escapes an address for a Markdown link destination (`[text](here)`): parentheses, angle
/// brackets, backslashes and `&` (which CommonMark would decode as an entity) are
/// backslash-escaped, and whitespace and control characters percent-encoded, so the
/// destination can neither end early nor read as another address.
pub fn md_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    for c in url.chars() {
        match c {
            '\\' | '(' | ')' | '<' | '>' | '&' | '[' | ']' | '`' | '*' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_whitespace() || c.is_control() => {
                let mut bytes = [0; 4];
                for b in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Makes Markdown safe inside a link's text (`[here](…)`): a bracket or `<` outside inline
/// code is escaped unless it already is, so the text can neither close the link early nor
/// open a link of its own.
pub fn md_link_text(md: &str) -> String {
    const SPECIAL: &[char] = &['[', ']', '<'];
    if !contains_any(md, b"[]<") {
        // Nothing to escape: most link texts.
        return md.to_string();
    }
    if !md.contains('`') {
        // No code span, so every bracket is escaped where no backslash escapes it yet.
        return escape_unescaped(md, SPECIAL, |_| false);
    }
    let code: Vec<std::ops::Range<usize>> = Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH)
        .into_offset_iter()
        .filter_map(|(event, range)| matches!(event, Event::Code(_)).then_some(range))
        .collect();
    escape_unescaped(md, SPECIAL, |at| code.iter().any(|r| r.contains(&at)))
}

/// Does the text hold any of these ASCII bytes? One `memchr` a byte, which the standard
/// library runs optimised even in a debug build, where a multi-character pattern
/// (`contains(['a', 'b'])`) is tried character by character.
pub fn contains_any(text: &str, ascii: &[u8]) -> bool {
    ascii.iter().any(|b| text.as_bytes().contains(b))
}

/// Escapes text for a Markdown table cell: no pipe may end the cell and no line may break it.
pub fn table_cell(md: &str) -> String {
    if !contains_any(md, b"|\n\r") {
        return md.to_string();
    }
    escape_unescaped(md, &['|'], |_| false).replace(['\n', '\r'], " ")
}

/// Backslash-escapes each of `chars` in `md` that no backslash escapes yet, except where `skip`.
fn escape_unescaped(md: &str, chars: &[char], skip: impl Fn(usize) -> bool) -> String {
    let mut out = String::with_capacity(md.len() + 8);
    let mut backslashes = 0;
    for (at, c) in md.char_indices() {
        if chars.contains(&c) && backslashes % 2 == 0 && !skip(at) {
            out.push('\\');
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    out
}

/// The schemes a published link may have; a link without a scheme is relative and allowed.
pub const ALLOWED_SCHEMES: &[&str] = &["https", "http", "mailto"];

/// Why a link destination may not be published, or `None` when it may: it must be relative or
/// have one of the [`ALLOWED_SCHEMES`], and hold no whitespace, control or reordering character
/// (browsers drop tabs and line breaks from addresses, so `java\nscript:` would still run).
pub fn link_problem(url: &str) -> Option<String> {
    if let Some(c) = url.chars().find(|&c| c.is_whitespace() || c.is_control() || crate::terminal::is_escaped(c)) {
        return Some(format!("the address holds {}, which no address may", describe_char(c)));
    }
    let scheme = link_scheme(url)?;
    if ALLOWED_SCHEMES.iter().any(|allowed| scheme.eq_ignore_ascii_case(allowed)) {
        return None;
    }
    Some(format!("the scheme `{scheme}:` is not one of {}", ALLOWED_SCHEMES.join(", ")))
}

/// The scheme of an absolute address (`https` of `https://…`); `None` for a relative one.
fn link_scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    let scheme = &url[..end];
    let is_scheme = url[end..].starts_with(':')
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme.then_some(scheme)
}

/// `a line break`, `U+202E`: a character named for a message.
pub fn describe_char(c: char) -> String {
    match c {
        '\n' | '\r' => "a line break".to_string(),
        ' ' => "a space".to_string(),
        '\t' => "a tab".to_string(),
        c => format!("U+{:04X}", c as u32),
    }
}

/// Is this a character that reorders the text around it (an explicit bidirectional embedding,
/// override or isolate)? Invisible, and able to make text read other than it is.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::{Event, Parser, contains_any, is_plain, link_problem, md_code, parsed_plain, plain};

    #[test]
    fn a_code_span_holds_its_text_as_it_is_whatever_backticks_it_has() {
        assert_eq!(md_code("ui.remedy_for"), "`ui.remedy_for`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`x``"), "``` `x`` ```");
        assert_eq!(md_code("two\nlines"), "`two lines`");
        // CommonMark reads each back as the text (a single padding space is stripped).
        for text in ["ui.remedy_for", "a`b", "`x``", "*_[x](y)_*", "\\_"] {
            let span = md_code(text);
            let events: Vec<Event<'_>> = Parser::new(&span).collect();
            let code: Vec<&str> =
                events.iter().filter_map(|e| if let Event::Code(c) = e { Some(c.as_ref()) } else { None }).collect();
            assert_eq!(code, [text], "{text}: {events:?}");
        }
    }

    #[test]
    fn contains_any_finds_each_byte_anywhere() {
        assert!(contains_any("ab[c", b"`[<"));
        assert!(contains_any("<", b"`[<"));
        assert!(!contains_any("「漢字」 (x)", b"`[<\n"));
        assert!(!contains_any("", b"\n"));
    }

    #[test]
    fn the_plain_fast_path_gives_what_the_parser_gives() {
        let fixture = include_str!("../tests/fixtures/other-product.toml");
        let mut samples: Vec<&str> =
            fixture.lines().flat_map(|line| line.split('"').skip(1).step_by(2).collect::<Vec<_>>()).collect();
        samples.extend([
            "a [b] c",
            "x ] y [",
            "1 item",
            "110200",
            "12 items",
            "3)x",
            "4.",
            "mc_viewer.exe",
            "(……)",
            "a'b",
            "「あ」[ユーザ管理]",
            "a  b",
            "",
            "あ\u{3000}",
        ]);
        let mut fast = 0;
        for text in samples {
            if is_plain(text) {
                fast += 1;
                assert_eq!(plain(text), parsed_plain(text), "{text:?}");
            }
        }
        assert!(fast > 10, "the fast path is taken");
        assert!(!is_plain("a *b*") && !is_plain("1. x") && !is_plain("a &amp; b") && !is_plain("[a](b)"));
    }

    #[test]
    fn the_byte_table_says_what_the_character_rules_say() {
        // The rules as first written, over characters.
        let by_chars = |text: &str| {
            let Some(first) = text.chars().next() else { return true };
            let after_digits = text.trim_start_matches(|c: char| c.is_ascii_digit());
            (after_digits.len() == text.len() || !after_digits.starts_with(['.', ')']))
                && !matches!(first, '#' | '-' | '+' | '=' | '>' | ' ' | '\t')
                && !text.ends_with([' ', '\t'])
                && !text.contains(['`', '*', '_', '<', '>', '&', '\\', '~', '\n', '\r', '!', '"', '|'])
                && !text.contains("](")
                && !text.contains("][")
                && !text.contains("[]")
        };
        let alphabet: Vec<char> = "ab 1#-+=>\t`*_<&\\~\n\r!\"|[]()あ\u{3000}é.".chars().collect();
        // Every text of up to three characters, and a few thousand longer ones (a fixed LCG).
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            texts.extend(longer);
        }
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..5000 {
            let mut text = String::from("word ");
            for _ in 0..8 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                text.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            texts.push(text);
        }
        for text in &texts {
            assert_eq!(is_plain(text), by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn only_web_mail_and_relative_links_pass() {
        for ok in
            ["https://example.org/a?b#c", "HTTP://x", "mailto:a@b", "docs/en/faq.html#x", "#top", "//x.org", "./a:b"]
        {
            assert_eq!(link_problem(ok), None, "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "data:text/html,x",
            "vbscript:x",
            "java\nscript:x",
            " https://x",
            "a:b/c",
        ] {
            assert!(link_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn markup_is_dropped_and_words_kept() {
        assert_eq!(plain("Press **[Update]** and see `log.txt`."), "Press [Update] and see log.txt.");
        assert_eq!(plain("See [the manual](https://example.org)."), "See the manual.");
        assert_eq!(plain("One.\n\nTwo."), "One.\nTwo.");
        assert_eq!(plain("<b>x</b>"), "<b>x</b>");
    }
}
