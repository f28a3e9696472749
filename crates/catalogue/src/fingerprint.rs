//! Fingerprints of source texts, recorded beside each translation (`en_from = "1a2b3c4d"`), so
//! that a translation made from an older source text is known to be stale without anyone
//! remembering to flag it.
//!
//! The fingerprint is computed on the text in Unicode NFC, trimmed, so that a change of
//! invisible form (a composed or decomposed kana, a trailing space) does not make translations
//! stale. It is the FNV-1a 64-bit hash of those bytes, folded to 32 bits and written as 8 hex
//! digits. The algorithm is fixed forever: changing it would make every translation stale.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The suffix of a text's key that holds a translation's fingerprint: `en_from`.
pub const SUFFIX: &str = "_from";

/// The fingerprint of a source text.
pub fn of(text: &str) -> String {
    let trimmed = text.trim();
    // Most texts are already in NFC: the quick check spares building a normalised copy.
    let hash = if crate::normal::surely_nfc(trimmed) || is_nfc_quick(trimmed.chars()) == IsNormalized::Yes {
        fnv1a(trimmed.bytes())
    } else {
        fnv1a(trimmed.nfc().collect::<String>().bytes())
    };
    format!("{:08x}", (hash ^ (hash >> 32)) as u32)
}

fn fnv1a(bytes: impl Iterator<Item = u8>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Is this what [`of`] writes: eight hex digits?
pub fn is_well_formed(fingerprint: &str) -> bool {
    fingerprint.len() == 8 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The language a fingerprint key belongs to: `en_from` → `en`.
pub fn language_of_key(key: &str) -> Option<&str> {
    key.strip_suffix(SUFFIX).filter(|lang| !lang.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_invisible_form_but_not_content() {
        let composed = "ガ";
        let decomposed = "カ\u{3099}";
        assert_ne!(composed, decomposed);
        assert_eq!(of(composed), of(decomposed));
        assert_eq!(of("  認証エラー "), of("認証エラー"));
        assert_ne!(of("認証エラー"), of("認証エラー。"));
        assert_eq!(of("").len(), 8);
        // Fixed forever: a change here would make every translation stale.
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c, folded: 0xaf63dc4c ^ 0x8601ec8c.
        assert_eq!(of("a"), "296230c0");
    }

    #[test]
    fn keys_name_their_language() {
        assert_eq!(language_of_key("en_from"), Some("en"));
        assert_eq!(language_of_key("_from"), None);
        assert_eq!(language_of_key("en"), None);
    }
}
