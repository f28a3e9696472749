//! Parsing a catalogue a piece at a time: the tables before the first `[[reasons]]` line, then
//! groups of `[[reasons]]` entries, each parsed, decoded and dropped on its own.
//!
//! The TOML parser holds every token of the text it parses, several times the text's size; a
//! piece at a time, only one group's tokens and tree are alive on each thread, whatever the
//! catalogue's size. A piece is cut only before a line that is exactly a `[[reasons]]` header.
//! Such a line inside a multi-line string, array or inline table leaves the piece before it
//! with that value unclosed, which is a syntax error: a caller that meets any error, or a
//! piece whose top-level keys a whole parse would have merged with another's, parses the
//! whole text instead. So a text is read as one document whichever way it is parsed.
//!
//! Architecture Invariant: the pieces' trees, merged, are the whole text's tree, spans
//! included (spans are shifted to the whole text's offsets).

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The header that starts a piece.
const HEADER: &str = "[[reasons]]";

/// About this many bytes of entries make a group: small enough that a group's tokens cost
/// little, large enough that the parser's per-call cost does not show.
const GROUP_BYTES: usize = 64 * 1024;

/// Where a text's pieces are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pieces {
    /// Everything before the first `[[reasons]]` header line.
    pub head: Range<usize>,
    /// Runs of whole `[[reasons]]` entries, in the order of the text, up to its end.
    pub groups: Vec<Range<usize>>,
}

impl Pieces {
    /// The pieces of `text`, or `None` when it is too small to gain from being read in pieces
    /// (shifting the pieces' spans would cost more than their tokens) or no line is a
    /// `[[reasons]]` header.
    pub fn of(text: &str) -> Option<Pieces> {
        if text.len() < 2 * GROUP_BYTES {
            return None;
        }
        Pieces::with_group_size(text, GROUP_BYTES)
    }

    /// As [`Pieces::of`], with groups of at least `group_bytes` bytes (but one entry each when
    /// it is 0).
    pub fn with_group_size(text: &str, group_bytes: usize) -> Option<Pieces> {
        let mut starts = header_lines(text);
        let first = starts.next()?;
        let mut groups = Vec::new();
        let mut start = first;
        for next in starts {
            if next - start >= group_bytes {
                groups.push(start..next);
                start = next;
            }
        }
        groups.push(start..text.len());
        Some(Pieces { head: 0..first, groups })
    }
}

/// The offset of each line that is a `[[reasons]]` header: the header alone, or followed by
/// blanks and a comment.
fn header_lines(text: &str) -> impl Iterator<Item = usize> + '_ {
    let at_line_start = |at: usize| at == 0 || text.as_bytes()[at - 1] == b'\n';
    text.match_indices(HEADER).map(|(at, _)| at).filter(move |&at| {
        let rest = &text[at + HEADER.len()..];
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let line = line.strip_suffix('\r').unwrap_or(line).trim_start_matches([' ', '\t']);
        at_line_start(at) && (line.is_empty() || line.starts_with('#'))
    })
}

/// The tree of `text[range]`, its spans the whole text's offsets; `None` when that piece has
/// any syntax error (the whole text is then parsed, and the error reported from there).
pub(crate) fn parse_piece(text: &str, range: Range<usize>) -> Option<DeTable<'_>> {
    let by = range.start;
    let (root, errors) = DeTable::parse_recoverable(text.get(range)?);
    if !errors.is_empty() {
        return None;
    }
    Some(if by == 0 { root.into_inner() } else { shift_table(root.into_inner(), by) })
}

fn shift_table(table: DeTable<'_>, by: usize) -> DeTable<'_> {
    let mut shifted = DeTable::new();
    for (key, value) in table {
        let key_span = key.span();
        shifted.insert(Spanned::new(key_span.start + by..key_span.end + by, key.into_inner()), shift(value, by));
    }
    shifted
}

fn shift(value: Spanned<DeValue<'_>>, by: usize) -> Spanned<DeValue<'_>> {
    let span = value.span();
    let inner = match value.into_inner() {
        DeValue::Table(table) => DeValue::Table(shift_table(table, by)),
        DeValue::Array(mut items) => {
            for item in items.iter_mut() {
                let taken = std::mem::replace(item, Spanned::new(0..0, DeValue::Boolean(false)));
                *item = shift(taken, by);
            }
            DeValue::Array(items)
        }
        other => other,
    };
    Spanned::new(span.start + by..span.end + by, inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_cut_before_header_lines_only() {
        let text = "a = 1\n[[reasons]]\nx = \"[[reasons]]\"\n  [[reasons]]\n[[reasons]] # c\r\ny = 2\n[[reasons]]x\n";
        let pieces = Pieces::with_group_size(text, 0).unwrap();
        let second = text.find("[[reasons]] # c").unwrap();
        assert_eq!(pieces.head, 0..6);
        assert_eq!(pieces.groups, vec![6..second, second..text.len()]);
        assert_eq!(Pieces::with_group_size("a = 1\n[[ reasons ]]\n", 0), None);
    }

    #[test]
    fn a_small_text_is_not_cut() {
        let entry = "[[reasons]]\nid = \"x\"\n";
        let small = format!("a = 1\n{}", entry.repeat(2 * GROUP_BYTES / entry.len() - 1));
        assert_eq!(Pieces::of(&small), None);
        let large = format!("{small}{entry}{entry}");
        assert_eq!(Pieces::of(&large).map(|p| p.groups.len()), Some(2));
    }

    #[test]
    fn groups_hold_whole_entries_of_at_least_the_group_size() {
        let entry = "[[reasons]]\nid = \"x\"\n";
        let text = format!("a = 1\n{}", entry.repeat(10));
        let pieces = Pieces::with_group_size(&text, 3 * entry.len()).unwrap();
        let sizes: Vec<usize> = pieces.groups.iter().map(|g| g.len() / entry.len()).collect();
        assert_eq!(sizes, vec![3, 3, 3, 1]);
        assert_eq!(pieces.groups.last().unwrap().end, text.len());
    }

    #[test]
    fn a_piece_s_spans_are_the_whole_text_s() {
        let text = "a = 1\n[[reasons]]\nid = \"x\"\nt = { en = \"e\" }\nl = [1, { k = \"v\" }]\n";
        let pieces = Pieces::with_group_size(text, GROUP_BYTES).unwrap();
        let group = parse_piece(text, pieces.groups[0].clone()).unwrap();
        let reasons = group.get("reasons").unwrap().get_ref().as_array().unwrap();
        let entry = reasons[0].get_ref().as_table().unwrap();
        let (key, id) = entry.get_key_value("id").unwrap();
        assert_eq!(&text[key.span()], "id");
        assert_eq!(&text[id.span()], "\"x\"");
        let inner = entry.get("t").unwrap().get_ref().as_table().unwrap().get("en").unwrap();
        assert_eq!(&text[inner.span()], "\"e\"");
        let item = &entry.get("l").unwrap().get_ref().as_array().unwrap()[1];
        assert_eq!(&text[item.span()], "{ k = \"v\" }");
    }

    #[test]
    fn a_header_line_inside_a_value_leaves_the_piece_before_it_unparsable() {
        for opened in ["\"\"\"", "'''", "[", "{"] {
            let text = format!("a = 1\n[[reasons]]\nx = {opened}\n[[reasons]]\nid = 1\n");
            let pieces = Pieces::with_group_size(&text, 0).unwrap();
            assert_eq!(pieces.groups.len(), 2, "{opened}");
            assert!(parse_piece(&text, pieces.groups[0].clone()).is_none(), "{opened}");
        }
    }
}
