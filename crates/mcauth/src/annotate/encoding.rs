//! The two encodings the admin console's CSV comes in, UTF-8 (with or without a byte-order
//! mark) and Shift_JIS (Windows-31J), told apart from the first bytes of the file.

use std::borrow::Cow;

use crate::messages::Said;

/// The byte-order mark some programs put at the start of UTF-8 files.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "shift_jis", alias = "sjis", alias = "cp932", alias = "windows-31j")]
    ShiftJis,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::ShiftJis => "Shift_JIS",
        }
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            // WHATWG's Shift_JIS is Windows-31J (code page 932), what Windows writes.
            Encoding::ShiftJis => encoding_rs::SHIFT_JIS,
        }
    }

    /// Text from bytes in this encoding; an invalid sequence becomes U+FFFD.
    pub fn decode(self, bytes: &[u8]) -> Cow<'_, str> {
        self.codec().decode_without_bom_handling(bytes).0
    }

    /// Bytes in this encoding; the number of characters it cannot write, which become `?`.
    pub fn encode(self, text: &str) -> (Vec<u8>, usize) {
        if self == Encoding::Utf8 {
            return (text.as_bytes().to_vec(), 0);
        }
        let (bytes, _, unmappable) = self.codec().encode(text);
        if !unmappable {
            return (bytes.into_owned(), 0);
        }
        // encoding_rs writes an HTML character reference for an unmappable character; a
        // spreadsheet reader is better served by a question mark, counted so it can be told.
        let mut out = Vec::with_capacity(text.len());
        let mut missing = 0;
        let mut buffer = [0u8; 4];
        for c in text.chars() {
            let (one, _, unmappable) = self.codec().encode(c.encode_utf8(&mut buffer));
            if unmappable {
                missing += 1;
                out.push(b'?');
            } else {
                out.extend_from_slice(&one);
            }
        }
        (out, missing)
    }
}

/// The encoding of a file from its first bytes (`complete` when they are the whole file): a
/// byte-order mark or valid UTF-8 means UTF-8, valid Shift_JIS means Shift_JIS.
pub fn detect(prefix: &[u8], complete: bool) -> Result<Encoding, Said> {
    if prefix.starts_with(BOM) {
        return Ok(Encoding::Utf8);
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => return Ok(Encoding::Utf8),
        // Only a character cut by the end of what was read: still UTF-8.
        Err(error) if error.error_len().is_none() && !complete => return Ok(Encoding::Utf8),
        Err(_) => {}
    }
    let mut decoder = encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling();
    let mut sink = String::with_capacity(prefix.len() * 3 / 2 + 16);
    let mut rest = prefix;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut sink, complete);
        rest = &rest[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => return Ok(Encoding::ShiftJis),
            encoding_rs::DecoderResult::OutputFull => {
                sink.clear();
                sink.reserve(rest.len() * 3 / 2 + 16);
            }
            encoding_rs::DecoderResult::Malformed(..) => {
                return Err(Said::new("neither_encoding"));
            }
        }
    }
}

/// What a file whose first bytes no CSV text has seems to be, as the message key of its kind
/// (`kind_zip`): a NUL byte is in no UTF-8 or Shift_JIS text, and a few formats say what they
/// are in their first bytes. `None` for what may be text.
pub fn not_text(prefix: &[u8]) -> Option<&'static str> {
    const KINDS: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "kind_zip"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "kind_old_excel"),
        (b"%PDF-", "kind_pdf"),
        (b"\x89PNG", "kind_image"),
        (b"\xFF\xD8\xFF", "kind_image"),
        (b"GIF8", "kind_image"),
        (b"\x1F\x8B", "kind_gzip"),
        (b"\xFF\xFE", "kind_utf16"),
        (b"\xFE\xFF", "kind_utf16"),
    ];
    if let Some((_, kind)) = KINDS.iter().find(|(magic, _)| prefix.starts_with(magic)) {
        return Some(kind);
    }
    // UTF-16 without its mark: every other byte of ASCII text is NUL.
    let window = &prefix[..prefix.len().min(512)];
    let nul = window.iter().filter(|&&b| b == 0).count();
    let odd_all_nul = window.iter().skip(1).step_by(2).all(|&b| b == 0);
    let even_text = window.iter().step_by(2).filter(|&&b| b != 0).count() * 4 >= window.len() * 3 / 2;
    if nul > 0 && odd_all_nul && even_text {
        return Some("kind_utf16");
    }
    (nul > 0).then_some("kind_binary")
}

/// The encoding of a regular file whose first bytes are all ASCII, from its first other byte:
/// read on from the start, to the file's end at most, without keeping what is read. `Ok(None)`
/// when the whole file is ASCII; `Err(None)` when it is no regular file (a device or a pipe)
/// and cannot be read ahead.
pub fn detect_ahead(path: &std::path::Path) -> Result<Option<Encoding>, Option<Said>> {
    use std::io::Read;
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Err(None);
    }
    let file = std::fs::File::open(path)
        .map_err(|e| Some(Said::new("cannot_read_file").with("why", crate::error::why(&e))))?;
    let mut file = file.take(std::fs::metadata(path).map_or(0, |m| m.len()));
    let mut chunk = vec![0; 1 << 20];
    let mut window = Vec::new();
    loop {
        let n = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Some(Said::new("cannot_read_file").with("why", crate::error::why(&e)))),
        };
        let read = &chunk[..n];
        if window.is_empty() {
            match read.iter().position(|b| !b.is_ascii()) {
                Some(at) => window.extend_from_slice(&read[at..]),
                None => continue,
            }
        } else {
            window.extend_from_slice(read);
        }
        if window.len() >= 64 << 10 {
            return detect(&window, false).map(Some).map_err(Some);
        }
    }
    if window.is_empty() { Ok(None) } else { detect(&window, true).map(Some).map_err(Some) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_told_apart() {
        let (sjis, missing) = Encoding::ShiftJis.encode("認証結果,パスワード（110200）");
        assert_eq!(missing, 0);
        assert_eq!(detect(&sjis, true), Ok(Encoding::ShiftJis));
        assert_eq!(detect("認証結果".as_bytes(), true), Ok(Encoding::Utf8));
        assert_eq!(detect(b"\xEF\xBB\xBFa,b", true), Ok(Encoding::Utf8));
        // A prefix that cuts a character in two.
        assert_eq!(detect(&"認証".as_bytes()[..4], false), Ok(Encoding::Utf8));
        assert_eq!(detect(&sjis[..3], false), Ok(Encoding::ShiftJis));
        assert!(detect(b"\xFF\xFE\xFD\xFC", true).is_err());
    }

    #[test]
    fn files_that_are_no_text_are_named_by_what_they_seem() {
        assert_eq!(not_text(b"PK\x03\x04\x14\x00"), Some("kind_zip"));
        assert_eq!(not_text(b"\x89PNG\r\n\x1a\n\x00\x00"), Some("kind_image"));
        assert_eq!(not_text(b"\xFF\xFEa\x00b\x00"), Some("kind_utf16"));
        let utf16: Vec<u8> = "time,result\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(not_text(&utf16), Some("kind_utf16"));
        assert_eq!(not_text(b"a,b\x00c"), Some("kind_binary"));
        assert_eq!(not_text(&[0; 64]), Some("kind_binary"));
        assert_eq!(not_text("認証結果,ユーザ名\r\n".as_bytes()), None);
        assert_eq!(not_text(&Encoding::ShiftJis.encode("認証結果").0), None);
    }

    #[test]
    fn unmappable_characters_become_question_marks() {
        let (bytes, missing) = Encoding::ShiftJis.encode("a😀b");
        assert_eq!((bytes.as_slice(), missing), (&b"a?b"[..], 1));
        assert_eq!(Encoding::ShiftJis.decode(&Encoding::ShiftJis.encode("対処方法").0), "対処方法");
    }
}
