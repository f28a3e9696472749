//! A text taken from an input file, cut short for a message: shown on one line as
//! [`catalogue::terminal`] shows every text on a terminal, at most [`SHOWN_CHARS`] characters.

/// How many characters of one input text a message shows.
const SHOWN_CHARS: usize = 80;

/// `text` (a cell, a header) as a message may print it.
pub fn shown(text: &str) -> String {
    let cut = match text.char_indices().nth(SHOWN_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    };
    let mut out = catalogue::terminal::line(cut).into_owned();
    if cut.len() < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn control_sequences_are_shown_not_sent() {
        assert_eq!(shown("a\u{1b}]8;;x\u{7}b"), "a\\u{1b}]8;;x\\u{7}b");
        assert_eq!(shown("a\u{9b}b\u{202e}c"), "a\\u{9b}b\\u{202e}c");
        assert_eq!(shown("認証結果"), "認証結果");
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 81);
    }
}
