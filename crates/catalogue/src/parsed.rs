//! A catalogue's parse, saved: its TOML tree as a tape of spans into its text, which a reader
//! that has the same text turns back into the tree without parsing it.
//!
//! `cargo xtask generate` writes the tape of the catalogue a tool compiles in, beside the text;
//! the tool's start then skips the TOML parser (its lexer holds every token of the text, ten
//! times the text's size) and decodes the tree as a parse would have given it. Strings are not
//! copied where the text holds them as they are (a quoted string without escapes, a bare key):
//! the tape names their place, and each place is counted from the start of the value that holds
//! it, so the tape is about a seventh of the text's size. A large catalogue's tape is kept in
//! the parts its groups of entries were written in (one per thread), never copied into one.
//!
//! A tape records the length and a hash of the text it was made from, and is refused for any
//! other text, so an edited catalogue is always parsed again; it ends with a hash of every byte
//! before it, so a tape with any byte changed, added or lost is refused too, never read as some
//! other tree. Read as hostile input: a tape that is cut short, names places outside the text or
//! nests too deep is refused, never a panic. (These hashes find a change, not a forgery: `mcauth`
//! never reads a tape it did not make itself, at build time, from the text it compiles in.)
//!
//! Architecture Invariant: a tape read back is the tree it was made from, spans included, so a
//! catalogue loaded through its tape is the catalogue parsed (tests compare the two documents).

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// What a tape starts with, and the version of its format.
const MAGIC: &[u8; 9] = b"tomltape\x02";

/// Deeper trees are refused: no catalogue nests this deep, and the reader recurses.
const MAX_DEPTH: usize = 64;

/// What a value or key on the tape is. Every one is followed by its span: the start, counted
/// from the start of the value that holds it (zigzag, as a header's table may start after what
/// it holds), then the length.
mod tag {
    /// A string that is the text inside its span's quotes (a basic or literal string with no
    /// escape).
    pub const QUOTED: u8 = 0;
    /// A string that is its span's text (a bare key).
    pub const BARE: u8 = 1;
    /// A string found elsewhere in the text: its start and length follow.
    pub const AT: u8 = 2;
    /// A string the text does not hold as it is (escapes, a multi-line string's first line
    /// end): its length and bytes follow.
    pub const OWNED: u8 = 3;
    /// An integer, float or date: read again from its span's text.
    pub const LITERAL: u8 = 4;
    pub const TRUE: u8 = 5;
    pub const FALSE: u8 = 6;
    /// An array: the number of items follows, then each.
    pub const ARRAY: u8 = 7;
    /// A table: the number of entries follows, then each key and value.
    pub const TABLE: u8 = 8;
}

/// The length of the seal that ends a tape: the hash of every byte before it.
const SEAL: usize = 8;

/// A hash of a text, to tell whether a tape was made from it: every byte counts (it detects an
/// edit, not a forgery).
fn text_hash(text: &str) -> u64 {
    bytes_hash(OFFSET, text.as_bytes())
}

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, a word at a time, from `hash`.
fn bytes_hash(mut hash: u64, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        hash = (hash ^ word).wrapping_mul(PRIME);
    }
    for &byte in words.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
    }
    hash
}

/// The hash of a tape's parts, in order, the tape's seal excluded when `sealed`.
fn parts_hash(parts: &[&[u8]], sealed: bool) -> Option<u64> {
    let total: usize = parts.iter().map(|p| p.len()).sum();
    let mut left = if sealed { total.checked_sub(SEAL)? } else { total };
    // Gathered, so that the hash does not depend on where the parts were cut.
    let mut bytes = Vec::with_capacity(left);
    for part in parts {
        let take = left.min(part.len());
        bytes.extend_from_slice(&part[..take]);
        left -= take;
    }
    Some(bytes_hash(OFFSET, &bytes))
}

/// Ends a tape with its seal: the hash of every byte of its parts.
pub(crate) fn seal(parts: &mut Vec<Vec<u8>>) {
    let slices: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    let hash = parts_hash(&slices, false).unwrap_or_default();
    parts.push(hash.to_le_bytes().to_vec());
}

/// Writes a tape as a parse is taken apart: the header, then values, each with the start of the
/// value that holds it (its parent's, 0 for the root).
pub(crate) struct Writer<'t> {
    text: &'t str,
    out: Vec<u8>,
}

impl<'t> Writer<'t> {
    /// A tape of `text`'s tree, its header written.
    pub fn new(text: &'t str) -> Self {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(text.len() as u64).to_le_bytes());
        out.extend_from_slice(&text_hash(text).to_le_bytes());
        Writer { text, out }
    }

    /// Another part of the same text's tape, for entries written on another thread, which
    /// follows this part when the tape is read.
    pub fn part(&self) -> Self {
        Writer { text: self.text, out: Vec::new() }
    }

    /// This part of the tape, holding no more memory than its bytes.
    pub fn finish(mut self) -> Vec<u8> {
        self.out.shrink_to_fit();
        self.out
    }

    fn number(&mut self, mut n: usize) {
        while n >= 0x80 {
            self.out.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.out.push(n as u8);
    }

    fn head(&mut self, tag: u8, span: Range<usize>, parent: usize) {
        self.out.push(tag);
        // Zigzag: before the parent's start is odd, after it even.
        let zigzag = if span.start >= parent { (span.start - parent) << 1 } else { ((parent - span.start) << 1) - 1 };
        self.number(zigzag);
        self.number(span.end.saturating_sub(span.start));
    }

    /// A string value or key with its span: a place in the text where it is there as it is.
    fn string(&mut self, s: &str, span: Range<usize>, parent: usize) {
        let text = self.text.as_bytes().as_ptr_range();
        let here = s.as_bytes().as_ptr_range();
        let within = text.start <= here.start && here.end <= text.end;
        if !within {
            self.head(tag::OWNED, span, parent);
            self.number(s.len());
            self.out.extend_from_slice(s.as_bytes());
            return;
        }
        // The same allocation: the difference of the addresses is the offset.
        let at = here.start as usize - text.start as usize;
        if at == span.start + 1 && at + s.len() + 1 == span.end {
            self.head(tag::QUOTED, span, parent);
        } else if at == span.start && at + s.len() == span.end {
            self.head(tag::BARE, span, parent);
        } else {
            self.head(tag::AT, span, parent);
            self.number(at);
            self.number(s.len());
        }
    }

    /// A value and everything in it, held by a value that starts at `parent`.
    pub fn value(&mut self, value: &Spanned<DeValue<'_>>, parent: usize) {
        let span = value.span();
        match value.get_ref() {
            DeValue::String(s) => self.string(s, span, parent),
            DeValue::Integer(_) | DeValue::Float(_) | DeValue::Datetime(_) => self.head(tag::LITERAL, span, parent),
            DeValue::Boolean(true) => self.head(tag::TRUE, span, parent),
            DeValue::Boolean(false) => self.head(tag::FALSE, span, parent),
            DeValue::Array(items) => {
                self.array_head(span.clone(), items.len(), parent);
                for item in items {
                    self.value(item, span.start);
                }
            }
            DeValue::Table(table) => self.table(span, table, parent),
        }
    }

    /// A table and everything in it.
    pub fn table(&mut self, span: Range<usize>, table: &DeTable<'_>, parent: usize) {
        let start = span.start;
        self.table_head(span, table.len(), parent);
        for (key, value) in table {
            self.entry(key, value, start);
        }
    }

    /// The start of an array of `len` items, which follow, each held by the array.
    pub fn array_head(&mut self, span: Range<usize>, len: usize, parent: usize) {
        self.head(tag::ARRAY, span, parent);
        self.number(len);
    }

    /// The start of a table of `len` entries, which follow ([`Writer::entry`]).
    pub fn table_head(&mut self, span: Range<usize>, len: usize, parent: usize) {
        self.head(tag::TABLE, span, parent);
        self.number(len);
    }

    /// A table's key, then its value, both held by the table that starts at `table`.
    pub fn entry(&mut self, key: &Spanned<Cow<'_, str>>, value: &Spanned<DeValue<'_>>, table: usize) {
        self.key(key, table);
        self.value(value, table);
    }

    /// A table's key alone, its value to follow.
    pub fn key(&mut self, key: &Spanned<Cow<'_, str>>, table: usize) {
        self.string(key.get_ref(), key.span(), table);
    }
}

/// The tree on a tape made from `text`, given in the parts it was written in; `None` when the
/// tape was made from another text, or is not a tape.
pub(crate) fn read<'a>(text: &'a str, tape: &[&'a [u8]]) -> Option<Spanned<DeValue<'a>>> {
    // The seal first: the last bytes, wherever the parts were cut.
    let mut seal: Vec<u8> = tape.iter().flat_map(|p| p.iter().copied()).rev().take(SEAL).collect();
    seal.reverse();
    if u64::from_le_bytes(seal.try_into().ok()?) != parts_hash(tape, true)? {
        return None;
    }
    // The tree's parts: the tape without its seal.
    let mut body: Vec<&'a [u8]> = tape.to_vec();
    let mut cut = SEAL;
    while cut > 0 {
        let last = body.pop()?;
        if last.len() > cut {
            body.push(&last[..last.len() - cut]);
            cut = 0;
        } else {
            cut -= last.len();
        }
    }
    let mut reader = Reader { text, parts: &body, part: 0, at: 0 };
    let mut header = [0u8; MAGIC.len() + 16];
    for byte in &mut header {
        *byte = reader.byte()?;
    }
    let (magic, sums) = header.split_at(MAGIC.len());
    let (len, hash) = sums.split_at(8);
    if magic != MAGIC
        || u64::from_le_bytes(len.try_into().ok()?) != text.len() as u64
        || u64::from_le_bytes(hash.try_into().ok()?) != text_hash(text)
    {
        return None;
    }
    let root = reader.value(0, 0)?;
    reader.at_end().then_some(root)
}

struct Reader<'a, 'p> {
    text: &'a str,
    parts: &'p [&'a [u8]],
    /// The part being read, and where in it.
    part: usize,
    at: usize,
}

impl<'a> Reader<'a, '_> {
    /// The rest of the part being read, the next part's once this one is read to its end.
    fn rest(&mut self) -> &'a [u8] {
        while self.at == self.parts.get(self.part).map_or(0, |p| p.len()) && self.part + 1 < self.parts.len() {
            self.part += 1;
            self.at = 0;
        }
        let part: &'a [u8] = self.parts.get(self.part).copied().unwrap_or_default();
        part.get(self.at..).unwrap_or_default()
    }

    fn at_end(&mut self) -> bool {
        self.rest().is_empty()
    }

    fn byte(&mut self) -> Option<u8> {
        let byte = *self.rest().first()?;
        self.at += 1;
        Some(byte)
    }

    fn number(&mut self) -> Option<usize> {
        let mut n: usize = 0;
        for shift in (0..usize::BITS).step_by(7) {
            let byte = self.byte()?;
            n |= usize::from(byte & 0x7f).checked_shl(shift)?;
            if byte < 0x80 {
                return Some(n);
            }
        }
        None
    }

    /// A span whose start is counted from `parent`.
    fn span(&mut self, parent: usize) -> Option<Range<usize>> {
        let zigzag = self.number()?;
        let start =
            if zigzag & 1 == 0 { parent.checked_add(zigzag >> 1)? } else { parent.checked_sub((zigzag >> 1) + 1)? };
        let end = start.checked_add(self.number()?)?;
        (end <= self.text.len()).then_some(start..end)
    }

    /// The string of a string tag, borrowed from the text or the tape.
    fn string(&mut self, tag: u8, span: &Range<usize>) -> Option<Cow<'a, str>> {
        let text = self.text;
        let s = match tag {
            tag::QUOTED => text.get(span.start + 1..span.end.checked_sub(1)?)?,
            tag::BARE => text.get(span.clone())?,
            tag::AT => {
                let start = self.number()?;
                text.get(start..start.checked_add(self.number()?)?)?
            }
            tag::OWNED => {
                let len = self.number()?;
                if let Some(bytes) = self.rest().get(..len) {
                    self.at += len;
                    std::str::from_utf8(bytes).ok()?
                } else {
                    // Cut between two parts (the loader cuts between entries, but a tape may
                    // be cut anywhere): gathered. No more is reserved than the tape holds.
                    let mut bytes = Vec::with_capacity(len.min(self.rest().len()));
                    for _ in 0..len {
                        bytes.push(self.byte()?);
                    }
                    return String::from_utf8(bytes).ok().map(Cow::Owned);
                }
            }
            _ => return None,
        };
        Some(Cow::Borrowed(s))
    }

    fn key(&mut self, table: usize) -> Option<Spanned<Cow<'a, str>>> {
        let tag = self.byte()?;
        let span = self.span(table)?;
        Some(Spanned::new(span.clone(), self.string(tag, &span)?))
    }

    /// A value held by a value that starts at `parent`.
    fn value(&mut self, parent: usize, depth: usize) -> Option<Spanned<DeValue<'a>>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let tag = self.byte()?;
        let span = self.span(parent)?;
        let value = match tag {
            tag::TRUE => DeValue::Boolean(true),
            tag::FALSE => DeValue::Boolean(false),
            tag::LITERAL => {
                let value = DeValue::parse(self.text.get(span.clone())?).ok()?.into_inner();
                matches!(value, DeValue::Integer(_) | DeValue::Float(_) | DeValue::Datetime(_)).then_some(value)?
            }
            tag::ARRAY => {
                let len = self.number()?;
                // Each item takes at least three bytes of the tape: no length beyond that is
                // believed before the items are there.
                let mut items = Vec::with_capacity(len.min(self.rest().len()));
                for _ in 0..len {
                    items.push(self.value(span.start, depth + 1)?);
                }
                DeValue::Array(items.into_iter().collect::<DeArray<'a>>())
            }
            tag::TABLE => {
                let len = self.number()?;
                let mut table = DeTable::new();
                for _ in 0..len {
                    let key = self.key(span.start)?;
                    let value = self.value(span.start, depth + 1)?;
                    if table.insert(key, value).is_some() {
                        return None;
                    }
                }
                DeValue::Table(table)
            }
            _ => DeValue::String(self.string(tag, &span)?),
        };
        Some(Spanned::new(span, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a = \"plain\"\nb = \"esc\\u00e9\"\n\"q k\" = 'lit'\n[t]\nn = 0x10\nf = 1.5\nd = 1979-05-27\n\
                        yes = true\nno = false\nlist = [1, \"two\", [3], { x = \"\"\"\nmulti\"\"\" }]\n\
                        [u.v]\nw = 1\n[[r]]\nid = \"x\"\n[[r]]\nid = \"y\"\n";

    fn parsed(text: &str) -> Spanned<DeTable<'_>> {
        let (root, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty(), "{errors:?}");
        root
    }

    fn tape(text: &str) -> Vec<u8> {
        let root = parsed(text);
        let mut writer = Writer::new(text);
        writer.table(root.span(), root.get_ref(), 0);
        let mut parts = vec![writer.finish()];
        seal(&mut parts);
        parts.concat()
    }

    #[test]
    fn a_tape_reads_back_as_the_tree_it_was_made_from_spans_included() {
        let tape = tape(TEXT);
        let read = read(TEXT, &[&tape]).expect("the tape of this text");
        let root = parsed(TEXT);
        assert_eq!(format!("{:?}", read.span()), format!("{:?}", root.span()));
        assert_eq!(format!("{:#?}", read.get_ref()), format!("{:#?}", DeValue::Table(root.into_inner())));
        assert!(tape.len() < TEXT.len(), "{} bytes for a text of {}", tape.len(), TEXT.len());
    }

    #[test]
    fn a_tape_read_in_parts_is_the_tape_read_whole() {
        let tape = tape(TEXT);
        for cut in 0..=tape.len() {
            let (a, b) = tape.split_at(cut);
            let parts: [&[u8]; 3] = [a, &[], b];
            let (whole, parted) = (read(TEXT, &[&tape]), read(TEXT, &parts[..]));
            assert_eq!(format!("{parted:?}"), format!("{whole:?}"), "cut at {cut}");
        }
    }

    #[test]
    fn a_tape_is_refused_for_another_text_and_when_damaged() {
        let tape = tape(TEXT);
        assert!(read(TEXT, &[&tape]).is_some(), "the same text");
        assert!(read(&TEXT.replace("plain", "plein"), &[&tape]).is_none(), "one letter changed");
        assert!(read(&format!("{TEXT} "), &[&tape]).is_none(), "one byte more");
        assert!(read(TEXT, &[]).is_none(), "no tape");
        // Cut anywhere, or any byte changed: refused, never read as another tree, never a panic.
        for end in 0..tape.len() {
            assert!(read(TEXT, &[&tape[..end]]).is_none(), "cut at {end}");
        }
        for at in 0..tape.len() {
            for byte in [0x00, 0x01, 0x07, 0x08, 0x1b, 0x7f, 0x80, 0xff] {
                let mut damaged = tape.clone();
                if damaged[at] == byte {
                    continue;
                }
                damaged[at] = byte;
                assert!(read(TEXT, &[&damaged]).is_none(), "byte {at} made {byte:#04x}");
            }
        }
        let mut longer = tape.clone();
        longer.push(0);
        assert!(read(TEXT, &[&longer]).is_none(), "bytes after the tree");
    }

    #[test]
    fn a_tape_nested_too_deep_is_refused() {
        let mut writer = Writer::new("");
        for _ in 0..=MAX_DEPTH + 1 {
            writer.array_head(0..0, 1, 0);
        }
        writer.table_head(0..0, 0, 0);
        let mut parts = vec![writer.finish()];
        seal(&mut parts);
        assert!(read("", &[&parts.concat()]).is_none());
    }
}
