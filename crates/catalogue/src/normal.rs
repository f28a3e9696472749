//! Whether a text is in Unicode's normal forms as it is, told from its characters' ranges: the
//! common case of the catalogue's texts (ASCII, kana, kanji and Japanese punctuation), decided
//! without the tables of `unicode-normalization`, which the few other texts are given to.

/// Is every character one that is its own NFC, and that no character before or after combines
/// with? `false` says nothing: such a text is asked of the full check.
pub(crate) fn surely_nfc(text: &str) -> bool {
    text.chars().all(|c| is_nfkc_char(c) || is_nfc_only_char(c))
}

/// As [`surely_nfc`], for NFKC.
pub(crate) fn surely_nfkc(text: &str) -> bool {
    text.chars().all(is_nfkc_char)
}

/// Characters that are their own NFC and NFKC and combine with nothing.
fn is_nfkc_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{7F}'
        // Japanese punctuation and brackets (not the ideographic space, which NFKC makes a space).
        | '\u{3001}'..='\u{3029}'
        // Hiragana letters (not the combining sound marks U+3099 and U+309A after them).
        | '\u{3041}'..='\u{3096}'
        // Katakana letters, the middle dot and the prolonged sound mark (not U+30FF).
        | '\u{30A1}'..='\u{30FE}'
        // CJK unified ideographs.
        | '\u{4E00}'..='\u{9FFF}')
}

/// Characters that are their own NFC, combine with nothing, but that NFKC changes: the
/// ideographic space, the full-width and the half-width forms.
fn is_nfc_only_char(c: char) -> bool {
    matches!(c, '\u{3000}' | '\u{FF01}'..='\u{FF9F}')
}

#[cfg(test)]
mod tests {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfkc_quick};

    fn taken(surely: fn(&str) -> bool) -> Vec<char> {
        (0..=0x10FFFF).filter_map(char::from_u32).filter(|c| surely(&c.to_string())).collect()
    }

    /// Every character the ranges let through is normal alone and beside any other: its normal
    /// form is itself, and it neither combines with the character before it nor takes a mark
    /// after it into another character.
    #[test]
    fn every_character_taken_as_normal_is_normal() {
        type Form = fn(&str) -> String;
        type Quick = fn(&str) -> IsNormalized;
        type Surely = fn(&str) -> bool;
        let nfc: Form = |s| s.nfc().collect();
        let nfkc: Form = |s| s.nfkc().collect();
        let nfc_quick: Quick = |s| is_nfc_quick(s.chars());
        let nfkc_quick: Quick = |s| is_nfkc_quick(s.chars());
        let forms: [(&str, Surely, Form, Quick); 2] =
            [("NFC", super::surely_nfc, nfc, nfc_quick), ("NFKC", super::surely_nfkc, nfkc, nfkc_quick)];
        for (name, surely, form, quick) in forms {
            let taken = taken(surely);
            assert!(taken.len() > 20_000, "{name}: {} characters", taken.len());
            for &c in &taken {
                let one = c.to_string();
                assert_eq!(quick(&one), IsNormalized::Yes, "{name} {c:?}");
                assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0, "{c:?}");
                assert_eq!(form(&one), one, "{name} {c:?}");
            }
            // Every pair of the taken characters but the ideographs (no composition has one),
            // and each taken character beside characters that compose with others.
            let small: Vec<char> = taken.iter().copied().filter(|c| !('\u{4E00}'..='\u{9FFF}').contains(c)).collect();
            let composing = ['\u{3099}', '\u{309A}', '\u{301}', '\u{FF9E}', 'e', 'か', 'ｶ'];
            for &a in &small {
                for &b in small.iter().chain(&composing) {
                    for pair in [format!("{a}{b}"), format!("{b}{a}")] {
                        if surely(&pair) {
                            assert_eq!(form(&pair), pair, "{name} {pair:?}");
                        }
                    }
                }
            }
        }
        // What the ranges leave out.
        for text in ["か\u{3099}", "\u{30FF}", "\u{FA10}", "é", "\u{302A}"] {
            assert!(!super::surely_nfc(text), "{text:?}");
        }
        for text in ["ｶ", "Ａ", "（", "\u{3000}"] {
            assert!(super::surely_nfc(text) && !super::surely_nfkc(text), "{text:?}");
        }
    }
}
