//! Catalogue texts are CommonMark; this gives their words alone, for plain-text outputs such as
//! CSV cells and terminal output.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The words of a text without markup; paragraphs separated by a line break, list items
/// marked with `- `. Raw HTML is kept as the text it is.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
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

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn markup_is_dropped_and_words_kept() {
        assert_eq!(plain("Press **[Update]** and see `log.txt`."), "Press [Update] and see log.txt.");
        assert_eq!(plain("See [the manual](https://example.org)."), "See the manual.");
        assert_eq!(plain("One.\n\nTwo."), "One.\nTwo.");
        assert_eq!(plain("<b>x</b>"), "<b>x</b>");
    }
}
