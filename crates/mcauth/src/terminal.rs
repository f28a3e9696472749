//! Text taken from an input file or the command line, made safe to print on a terminal:
//! control characters (ESC, which starts colour and OSC sequences, among them) and invisible
//! reordering characters are shown as escapes, and a long text is cut short.

/// How many characters of one input text a message shows.
const SHOWN_CHARS: usize = 80;

/// `text` as a message may print it.
pub fn shown(text: &str) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == SHOWN_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() || catalogue::markup::is_bidi_control(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn control_sequences_are_shown_not_sent() {
        assert_eq!(shown("a\u{1b}]8;;x\u{7}b"), "a\\u{1b}]8;;x\\u{7}b");
        assert_eq!(shown("認証結果"), "認証結果");
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 81);
    }
}
