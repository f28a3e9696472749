//! Splitting CSV bytes into records without changing a byte: each record's fields are found as
//! ranges of the input, so a row is written back exactly as it came, in any ASCII-compatible
//! encoding (in Shift_JIS every byte CSV gives a meaning to is a whole character).
//!
//! Quoting follows RFC 4180: a quoted cell may hold commas, line breaks and doubled quotes. A
//! quote inside an unquoted cell is taken as text, as spreadsheets do. Records end with CRLF,
//! LF or a lone CR, and the terminator is kept apart so that it can be written back as it was.

use std::ops::Range;

use memchr::{memchr, memchr2, memchr3};

use crate::messages::Said;

/// One record: where its content ends and where the next record starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The end of the last field, where the terminator starts.
    pub content_end: usize,
    /// After the terminator (or the end of the input, for a last line without one).
    pub end: usize,
    /// Line breaks in the record, its terminator included.
    pub newlines: usize,
}

/// What is wrong with a record that cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A quoted cell that the input ends inside.
    UnclosedQuote,
    /// Text after the quote that closes a cell, before the next comma or line end.
    TextAfterQuote,
}

impl Problem {
    /// What is wrong, and what to do about it.
    pub fn said(self) -> (Said, Said) {
        match self {
            Problem::UnclosedQuote => (Said::new("csv_unclosed_quote"), Said::new("csv_unclosed_quote_help")),
            Problem::TextAfterQuote => (Said::new("csv_text_after_quote"), Said::new("csv_text_after_quote_help")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scanned {
    Record(Record),
    /// The record goes on past the bytes read so far: read more and scan again from its start.
    NeedMore,
    /// The record is malformed at byte `at`, after `newlines` of its line breaks.
    Malformed {
        at: usize,
        newlines: usize,
        problem: Problem,
    },
}

/// Scans the record that starts at `start`, putting each field's range (quotes included) in
/// `fields`. `eof` says that `input` holds everything that is left.
pub fn scan(input: &[u8], start: usize, eof: bool, fields: &mut Vec<Range<usize>>) -> Scanned {
    scan_split(input, start, eof, fields, Split::Now)
}

/// Whether [`scan_split`] splits a record without quotes into its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Now,
    /// Leave `fields` empty for such a record: its fields are its content split at every comma,
    /// which the caller (another thread) does with [`split_unquoted`].
    Later,
}

/// [`scan`], leaving the split of a record without quotes to the caller when asked.
pub fn scan_split(input: &[u8], start: usize, eof: bool, fields: &mut Vec<Range<usize>>, split: Split) -> Scanned {
    fields.clear();
    if let Some(record) = scan_unquoted(input, start, eof, fields, split) {
        return record;
    }
    scan_general(input, start, eof, fields)
}

/// The fields of a record without quotes whose content is `start..end` of `input`.
pub fn split_unquoted(input: &[u8], start: usize, end: usize, fields: &mut Vec<Range<usize>>) {
    fields.clear();
    let mut field_start = start;
    for comma in memchr::memchr_iter(b',', &input[start..end]) {
        fields.push(field_start..start + comma);
        field_start = start + comma + 1;
    }
    fields.push(field_start..end);
}

/// [`scan`] field by field, for any record (quoted cells, a record not read whole yet).
fn scan_general(input: &[u8], start: usize, eof: bool, fields: &mut Vec<Range<usize>>) -> Scanned {
    fields.clear();
    let mut pos = start;
    let mut newlines = 0;
    loop {
        let field_start = pos;
        if input.get(pos) == Some(&b'"') {
            let mut from = pos + 1;
            loop {
                let Some(i) = memchr(b'"', &input[from..]) else {
                    return if eof {
                        Scanned::Malformed { at: field_start, newlines, problem: Problem::UnclosedQuote }
                    } else {
                        Scanned::NeedMore
                    };
                };
                let quote = from + i;
                newlines += count_newlines(&input[from..quote]);
                match input.get(quote + 1) {
                    Some(b'"') => from = quote + 2,
                    None if !eof => return Scanned::NeedMore,
                    _ => {
                        pos = quote + 1;
                        break;
                    }
                }
            }
            if let Some(&next) = input.get(pos)
                && !matches!(next, b',' | b'\n' | b'\r')
            {
                return Scanned::Malformed { at: pos, newlines, problem: Problem::TextAfterQuote };
            }
        } else {
            match memchr3(b',', b'\n', b'\r', &input[pos..]) {
                Some(i) => pos += i,
                None if !eof => return Scanned::NeedMore,
                None => pos = input.len(),
            }
        }
        fields.push(field_start..pos);
        let Some(&byte) = input.get(pos) else {
            return Scanned::Record(Record { content_end: pos, end: pos, newlines });
        };
        match byte {
            b',' => pos += 1,
            b'\n' => return Scanned::Record(Record { content_end: pos, end: pos + 1, newlines: newlines + 1 }),
            _ => {
                // A CR: the terminator is CRLF when a LF follows, else the CR alone.
                let end = match input.get(pos + 1) {
                    Some(b'\n') => pos + 2,
                    Some(_) => pos + 1,
                    None if eof => pos + 1,
                    None => return Scanned::NeedMore,
                };
                return Scanned::Record(Record { content_end: pos, end, newlines: newlines + 1 });
            }
        }
    }
}

/// The common case, a line without a quote: its end found with one search and its fields
/// split at its commas, instead of one search per field. `None` when the line has a quote or
/// its end is not in `input` yet (the general scan then decides).
fn scan_unquoted(
    input: &[u8],
    start: usize,
    eof: bool,
    fields: &mut Vec<Range<usize>>,
    split: Split,
) -> Option<Scanned> {
    let rest = &input[start..];
    let (line_end, end) = match memchr2(b'\n', b'\r', rest) {
        Some(i) if rest[i] == b'\n' => (start + i, start + i + 1),
        Some(i) => match rest.get(i + 1) {
            Some(b'\n') => (start + i, start + i + 2),
            Some(_) => (start + i, start + i + 1),
            None if eof => (start + i, start + i + 1),
            None => return None,
        },
        None if eof => (input.len(), input.len()),
        None => return None,
    };
    let line = &input[start..line_end];
    if memchr(b'"', line).is_some() {
        return None;
    }
    if split == Split::Now {
        split_unquoted(input, start, line_end, fields);
    }
    let newlines = usize::from(end > line_end);
    Some(Scanned::Record(Record { content_end: line_end, end, newlines }))
}

fn count_newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// A cell's text: without its quotes, with doubled quotes made single.
pub fn unquote(cell: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match cell.strip_prefix(b"\"").and_then(|c| c.strip_suffix(b"\"")) {
        Some(inner) if memchr(b'"', inner).is_some() => {
            let mut out = Vec::with_capacity(inner.len());
            let mut bytes = inner.iter();
            while let Some(&b) = bytes.next() {
                out.push(b);
                if b == b'"' {
                    bytes.next();
                }
            }
            std::borrow::Cow::Owned(out)
        }
        Some(inner) => std::borrow::Cow::Borrowed(inner),
        None => std::borrow::Cow::Borrowed(cell),
    }
}

/// A cell as CSV writes it: quoted when it holds a comma, a quote or a line break.
pub fn quote(text: &[u8], out: &mut Vec<u8>) {
    if memchr3(b',', b'"', b'\n', text).is_none() && memchr(b'\r', text).is_none() {
        out.extend_from_slice(text);
        return;
    }
    out.push(b'"');
    for &b in text {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(input: &[u8]) -> Vec<(Vec<&[u8]>, &[u8])> {
        let mut out = Vec::new();
        let mut fields = Vec::new();
        let mut start = 0;
        while start < input.len() {
            match scan(input, start, true, &mut fields) {
                Scanned::Record(r) => {
                    out.push((fields.iter().map(|f| &input[f.clone()]).collect(), &input[r.content_end..r.end]));
                    start = r.end;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        out
    }

    #[test]
    fn fields_keep_their_bytes_and_terminators_are_kept_apart() {
        let got = records(b"a,\"b,\"\"c\"\"\r\nd\",e\r\nf,,\n\"\"\rlast");
        assert_eq!(got[0], (vec![&b"a"[..], b"\"b,\"\"c\"\"\r\nd\"", b"e"], &b"\r\n"[..]));
        assert_eq!(got[1], (vec![&b"f"[..], b"", b""], &b"\n"[..]));
        assert_eq!(got[2], (vec![&b"\"\""[..]], &b"\r"[..]));
        assert_eq!(got[3], (vec![&b"last"[..]], &b""[..]));
    }

    #[test]
    fn a_record_cut_by_the_buffer_asks_for_more() {
        let mut fields = Vec::new();
        for cut in [b"a,\"b".as_slice(), b"a,b", b"a,\"b\"", b"a\r"] {
            assert_eq!(scan(cut, 0, false, &mut fields), Scanned::NeedMore, "{cut:?}");
        }
        assert!(matches!(scan(b"a\r", 0, true, &mut fields), Scanned::Record(Record { end: 2, .. })));
    }

    #[test]
    fn malformed_quoting_is_reported_where_it_is() {
        let mut fields = Vec::new();
        assert_eq!(
            scan(b"a,\"b\nc", 0, true, &mut fields),
            Scanned::Malformed { at: 2, newlines: 0, problem: Problem::UnclosedQuote }
        );
        assert_eq!(
            scan(b"a,\"b\nc\"x,d", 0, true, &mut fields),
            Scanned::Malformed { at: 7, newlines: 1, problem: Problem::TextAfterQuote }
        );
    }

    #[test]
    fn quoting_round_trips() {
        let mut out = Vec::new();
        quote(b"x, \"y\"\nz", &mut out);
        assert_eq!(out, b"\"x, \"\"y\"\"\nz\"");
        assert_eq!(unquote(&out).as_ref(), b"x, \"y\"\nz");
        out.clear();
        quote(b"plain", &mut out);
        assert_eq!(out, b"plain");
    }

    /// The fast path for lines without quotes scans exactly as the general scanner does.
    #[test]
    fn the_unquoted_fast_path_agrees_with_the_general_scan() {
        let alphabet = [b'a', b',', b'"', b'\n', b'\r', b'x'];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            let input: Vec<u8> = (0..len).map(|i| alphabet[((seed >> (i * 5)) % 6) as usize]).collect();
            for eof in [true, false] {
                for start in 0..input.len() {
                    let (mut fast, mut general) = (Vec::new(), Vec::new());
                    let a = scan(&input, start, eof, &mut fast);
                    let b = scan_general(&input, start, eof, &mut general);
                    assert_eq!(a, b, "{:?} from {start}, eof {eof}", String::from_utf8_lossy(&input));
                    if matches!(a, Scanned::Record(_)) {
                        assert_eq!(fast, general, "{:?} from {start}", String::from_utf8_lossy(&input));
                    }
                }
            }
        }
    }
}
