//! Reading a catalogue file: TOML syntax, then each section and entry decoded on its own.

use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::checks::Check;
use crate::diagnostic::{Diagnostic, Problems};
use crate::keys::{Lang, LinkKey, ModelKey, ProductTypeKey, SideKey, SourceKey};
use crate::model::{
    AccessHistory, Document, Keyed, Language, Link, Meta, Model, Named, Page, Reason, ReferenceCodes, Site, Source,
    Term,
};
use crate::parsed;
use crate::source::SourceFile;
use crate::split::{self, Pieces};
use crate::suggest::did_you_mean;
use crate::text::Text;
use crate::{Catalogue, lint, validate};

/// The top-level tables of a catalogue.
const SECTIONS: &[&str] = crate::anchors::TABLES;

/// Reads, parses and validates a catalogue file, reporting every problem found.
pub fn load(path: &Path) -> Result<Catalogue, Problems> {
    load_source(read(path, path)?)
}

/// Reads a catalogue file as text, to be shown as `shown`. A file that cannot be read, or is
/// not UTF-8 (a catalogue saved as Shift_JIS), is one problem with its position.
pub fn read(path: &Path, shown: &Path) -> Result<SourceFile, Problems> {
    let bytes = std::fs::read(path).map_err(|error| {
        let source = SourceFile::new(shown, "");
        Problems(vec![
            Diagnostic::new(&source, Check::Io, 0..0, format!("cannot read the catalogue: {error}"))
                .with_help("check the path; the catalogue is a TOML file such as catalogue/auth-errors.toml"),
        ])
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(shown, text)),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let byte = error.as_bytes()[at];
            // Everything before `at` is valid, so the lossy text has the same offsets up to it.
            let source = SourceFile::new(shown, String::from_utf8_lossy(error.as_bytes()).into_owned());
            Err(Problems(vec![
                Diagnostic::new(
                    &source,
                    Check::Syntax,
                    at..at + 1,
                    format!("the file is not UTF-8: byte 0x{byte:02X} here starts no UTF-8 character"),
                )
                .with_help("TOML files are UTF-8: save the catalogue as UTF-8 (it may have been saved as Shift_JIS)"),
            ]))
        }
    }
}

/// Parses and validates catalogue text that has already been read.
pub fn load_source(source: SourceFile) -> Result<Catalogue, Problems> {
    load_checked(source).map_err(|unloaded| unloaded.problems)
}

/// A catalogue that did not load: its problems, and whatever of it decoded (see
/// [`load_document`]).
#[derive(Debug)]
pub struct Unloaded {
    /// The decoded document, unless the TOML does not parse or a section everything depends
    /// on is broken.
    pub document: Option<Box<Document>>,
    /// Every problem found, sorted; at least one is an error.
    pub problems: Problems,
}

/// As [`load_source`], keeping what decoded of a catalogue that does not load.
pub fn load_checked(source: SourceFile) -> Result<Catalogue, Unloaded> {
    let mut problems = Vec::new();
    let Some((document, tape)) = parse(&source, &mut problems) else {
        return Err(Unloaded { document: None, problems: sorted(problems) });
    };
    // A large catalogue's lookups are indexed while it is checked, on another core.
    let large = document.reasons.len() >= PARALLEL_MIN;
    let index = std::thread::scope(|scope| {
        let indexing = large.then(|| scope.spawn(|| crate::lookup::Index::new(&document)));
        check(&source, &document, &mut problems);
        indexing.map(|indexing| indexing.join().expect("the indexing thread panicked"))
    });
    let problems = sorted(problems);
    if problems.errors() > 0 {
        return Err(Unloaded { document: Some(Box::new(document)), problems });
    }
    Ok(Catalogue::from_checked(source, document, index, problems, Some(tape)))
}

/// Loads catalogue text through its saved parse ([`Catalogue::parsed`], which `mcauth`'s build
/// makes from the copy it compiles in): the tree is read back from the tape and decoded,
/// without the TOML parser and without the checks, since a tape is only ever made for text that
/// loaded without an error. When the tape was not made from this text (the text was edited
/// since) or is damaged (any byte changed, added or lost), it is not believed: the text is
/// parsed and checked as [`load_source`] does.
pub fn load_parsed(source: SourceFile, tape: &[u8]) -> Result<Catalogue, Problems> {
    let mut problems = Vec::new();
    let document = match parsed::read(source.text(), &[tape]) {
        Some(root) => match root.get_ref() {
            DeValue::Table(table) => sections(&source, table, root.span().start, None, &mut problems),
            _ => None,
        },
        None => return load_source(source),
    };
    match document {
        Some(document) if problems.is_empty() => {
            Ok(Catalogue::from_checked(source, document, None, Problems::default(), Some(vec![tape.to_vec()])))
        }
        // Not what a tape written by a load can hold: the text decides.
        _ => load_source(source),
    }
}

/// Every problem of catalogue text, with whatever of it decoded: the document is there unless
/// the TOML does not parse or a section everything depends on is broken.
pub fn load_document(source: &SourceFile) -> (Option<Document>, Problems) {
    let mut problems = Vec::new();
    let document = parse(source, &mut problems).map(|(document, _)| document);
    if let Some(document) = &document {
        check(source, document, &mut problems);
    }
    (document, sorted(problems))
}

/// Validates and lints a decoded document: a large one on two cores at once. The problems come
/// in the same order either way (validation's first), so that sorting them ties alike.
fn check(source: &SourceFile, document: &Document, out: &mut Vec<Diagnostic>) {
    if document.reasons.len() < PARALLEL_MIN {
        validate::validate(source, document, out);
        lint::lint(source, document, out);
        return;
    }
    let linted = std::thread::scope(|scope| {
        let linting = scope.spawn(|| {
            let mut found = Vec::new();
            lint::lint(source, document, &mut found);
            found
        });
        validate::validate(source, document, out);
        linting.join().expect("the lint thread panicked")
    });
    out.extend(linted);
}

fn sorted(problems: Vec<Diagnostic>) -> Problems {
    let mut problems = Problems(problems);
    problems.sort();
    problems
}

/// Where a syntax error at `at` comes from a `{` left open on an earlier line, the end of that
/// line (an inline table must close on its own line); the parser only notices a line later.
fn unclosed_inline_table(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?;
    // The last line before the error's line that holds anything but a comment.
    let error_line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let previous = text[..error_line_start].trim_end_matches(['\n', '\r']);
    let start = previous.rfind('\n').map_or(0, |i| i + 1);
    let line = &previous[start..];
    let (mut depth, mut quote, mut escaped) = (0i32, None, false);
    for c in line.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' => break,
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            },
        }
    }
    (depth > 0).then_some(start + line.len())
}

/// The document of catalogue text, and the tape of its parse ([`parsed`]) in its parts.
fn parse(source: &SourceFile, out: &mut Vec<Diagnostic>) -> Option<(Document, Vec<Vec<u8>>)> {
    if let Some(pieces) = Pieces::of(source.text())
        && let Some(read) = parse_in_pieces(source, &pieces)
    {
        out.extend(read.problems);
        return sections(source, &read.head, 0, Some(read.reasons), out).map(|document| (document, read.tape));
    }
    parse_whole(source, out)
}

/// The tape of a text parsed whole; empty (a tape every reader refuses, so that the text is
/// parsed and checked) when the text does not parse.
pub(crate) fn tape_of(text: &str) -> Vec<Vec<u8>> {
    match DeTable::parse_recoverable(text) {
        (root, errors) if errors.is_empty() => whole_tape(text, &root),
        _ => vec![Vec::new()],
    }
}

/// The tape of a whole text's tree, in one part.
fn whole_tape(text: &str, root: &Spanned<DeTable<'_>>) -> Vec<Vec<u8>> {
    let mut tape = parsed::Writer::new(text);
    tape.table(root.span(), root.get_ref(), 0);
    let mut parts = vec![tape.finish()];
    parsed::seal(&mut parts);
    parts
}

/// The whole text parsed at once, every syntax error reported.
fn parse_whole(source: &SourceFile, out: &mut Vec<Diagnostic>) -> Option<(Document, Vec<Vec<u8>>)> {
    let (root, errors) = DeTable::parse_recoverable(source.text());
    // Only the first syntax error: those after it mostly follow from it (a missing `}` or `]`
    // makes every line after it wrong), and a list of hundreds hides the one that matters.
    if let Some(error) = errors.iter().min_by_key(|e| e.span().map_or(0, |s| s.start)) {
        let span = error.span().unwrap_or(0..0);
        let more = match errors.len() - 1 {
            0 => String::new(),
            n => format!(" (the parser found {n} more after it, most of them likely caused by this one)"),
        };
        let diagnostic = match unclosed_inline_table(source.text(), span.start) {
            Some(line_end) => Diagnostic::new(
                source,
                Check::Syntax,
                line_end..line_end,
                "invalid TOML: this inline table `{ … }` is not closed before the line ends".to_string(),
            )
            .with_help(format!("add the missing `}}` at the end of this line{more}")),
            None => Diagnostic::new(source, Check::Syntax, span, format!("invalid TOML: {}", error.message().trim()))
                .with_help(format!("fix the TOML syntax here; the rest of the file is checked once it parses{more}")),
        };
        out.push(diagnostic);
        return None;
    }
    let document = sections(source, root.get_ref(), root.span().start, None, out)?;
    Some((document, whole_tape(source.text(), &root)))
}

/// A group of `[[reasons]]` entries read from its piece: the reasons that decoded, how many
/// entries there were, the problems found, its part of the tape (the entries' trees), and the
/// `reasons` key that holds them.
struct Group<'t> {
    decoded: Vec<Reason>,
    given: usize,
    problems: Vec<Diagnostic>,
    tape: Vec<u8>,
    key: Spanned<std::borrow::Cow<'t, str>>,
}

/// What reading a text in pieces gives: the tables before the reasons, the reasons, the
/// problems found decoding them, and the tape of the whole tree in its parts.
struct InPieces<'t> {
    head: DeTable<'t>,
    reasons: DecodedReasons,
    problems: Vec<Diagnostic>,
    tape: Vec<Vec<u8>>,
}

/// A text read a piece at a time ([`crate::split`]), each group of entries parsed and decoded
/// on its own, on all cores: the tables before the reasons, the reasons that decoded and
/// whether any did not, the problems found decoding them, and the tape of the whole tree.
/// `None` when a piece does not parse on its own or holds what a whole parse would merge with
/// another piece: the whole text is then parsed.
fn parse_in_pieces<'t>(source: &'t SourceFile, pieces: &Pieces) -> Option<InPieces<'t>> {
    let text = source.text();
    let head = split::parse_piece(text, pieces.head.clone())?;
    if head.contains_key("reasons") {
        return None;
    }
    let mut tape = parsed::Writer::new(text);
    // The array of every entry, as the tape holds it: from the first `[[reasons]]` header on.
    let array = pieces.groups.first()?.start..text.len();
    let group = |range: &std::ops::Range<usize>| -> Option<Group<'t>> {
        let root = split::parse_piece(text, range.clone())?;
        // A top-level table given after the reasons is in the last group: read whole.
        if root.len() != 1 {
            return None;
        }
        let (key, entries) = root.get_key_value("reasons")?;
        let DeValue::Array(items) = entries.get_ref() else { return None };
        let mut problems = Vec::new();
        let decoded =
            items.iter().filter_map(|item| decode_one(source, item, "a [[reasons]] entry", &mut problems)).collect();
        let mut part = tape.part();
        for item in items.iter() {
            part.value(item, array.start);
        }
        Some(Group { decoded, given: items.len(), problems, tape: part.finish(), key: key.clone() })
    };
    let groups = &pieces.groups;
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(groups.len());
    let results: Vec<Option<_>> = if threads <= 1 {
        groups.iter().map(group).collect()
    } else {
        // Each thread takes the next group until none is left, or until a group cannot be read
        // alone (the whole text is read then); results keep the file's order.
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let (next, refused) = (AtomicUsize::new(0), AtomicBool::new(false));
        let mut results: Vec<_> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        while !refused.load(Ordering::Relaxed) {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(range) = groups.get(i) else { break };
                            let read = group(range);
                            refused.fetch_or(read.is_none(), Ordering::Relaxed);
                            done.push((i, read));
                        }
                        done
                    })
                })
                .collect();
            workers.into_iter().flat_map(|w| w.join().expect("a decoding thread panicked")).collect()
        });
        if refused.load(Ordering::Relaxed) {
            return None;
        }
        results.sort_by_key(|&(i, _)| i);
        results.into_iter().map(|(_, group)| group).collect()
    };
    let groups: Vec<Group<'t>> = results.into_iter().collect::<Option<_>>()?;
    // The tape of the tree a whole parse gives: the head's tables, then every entry in one array.
    // Its first part: the head's tables, then the array the groups' parts hold the entries of.
    let key = groups.first().map(|g| g.key.clone())?;
    tape.table_head(0..text.len(), head.len() + 1, 0);
    for (key, value) in head.iter() {
        tape.entry(key, value, 0);
    }
    tape.key(&key, 0);
    tape.array_head(array, groups.iter().map(|g| g.given).sum(), 0);
    let mut parts = vec![tape.finish()];
    let mut reasons = DecodedReasons::default();
    let mut problems = Vec::new();
    for group in groups {
        reasons.partial |= group.decoded.len() < group.given;
        reasons.reasons.extend(group.decoded);
        problems.extend(group.problems);
        parts.push(group.tape);
    }
    parsed::seal(&mut parts);
    Some(InPieces { head, reasons, problems, tape: parts })
}

/// The `[[reasons]]` entries that decoded, and whether any did not.
#[derive(Default)]
struct DecodedReasons {
    reasons: Vec<Reason>,
    partial: bool,
}

/// The document of a parsed root table; `reasons`, when given, were decoded from pieces of
/// the text that `root` does not hold.
fn sections(
    source: &SourceFile,
    root: &DeTable<'_>,
    root_start: usize,
    reasons: Option<DecodedReasons>,
    out: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let has_reasons = reasons.is_some() || root.contains_key("reasons");
    let mut sections = Sections::default();
    if let Some(decoded) = reasons {
        sections.reasons = Some(decoded.reasons);
        sections.reasons_partial = decoded.partial;
    }
    for (key, value) in root.iter() {
        let name: &str = key.get_ref();
        match name {
            "catalogue" => sections.meta = decode_one(source, value, "[catalogue]", out),
            "page" => sections.page = decode_one(source, value, "[page]", out),
            "access_history" => sections.access_history = decode_one(source, value, "[access_history]", out),
            "site" => sections.site = decode_one(source, value, "[site]", out),
            "languages" => sections.languages = keyed(source, key, value, &mut sections.undecoded, out),
            "sides" => sections.sides = keyed(source, key, value, &mut sections.undecoded, out),
            "product_types" => sections.product_types = keyed(source, key, value, &mut sections.undecoded, out),
            "links" => sections.links = keyed(source, key, value, &mut sections.undecoded, out),
            "sources" => sections.sources = keyed(source, key, value, &mut sections.undecoded, out),
            "glossary" => sections.glossary = keyed(source, key, value, &mut sections.undecoded, out),
            "reference_codes" => sections.reference_codes = keyed(source, key, value, &mut sections.undecoded, out),
            "models" => sections.models = keyed(source, key, value, &mut sections.undecoded, out),
            "ui" => sections.ui = keyed(source, key, value, &mut sections.undecoded, out),
            "reasons" => {
                let reasons = array(source, value, "a [[reasons]] entry", out);
                let given = value.get_ref().as_array().map_or(0, |a| a.len());
                sections.reasons_partial = reasons.as_ref().is_none_or(|r| r.len() < given);
                sections.reasons = reasons;
            }
            other => {
                let help = match did_you_mean(other, SECTIONS.iter().copied()) {
                    Some(best) => {
                        // The table meant is absent: do not also report every reference to it.
                        sections.undecoded.push(format!("{best}.*"));
                        format!("did you mean `{best}`?")
                    }
                    None => format!("the top-level tables are {}", SECTIONS.join(", ")),
                };
                out.push(
                    Diagnostic::new(
                        source,
                        Check::UnknownKey,
                        key.span(),
                        format!("unknown top-level table `{other}`"),
                    )
                    .with_help(help),
                );
            }
        }
    }
    for (present, name) in [
        (root.contains_key("catalogue"), "catalogue"),
        (root.contains_key("languages"), "languages"),
        (root.contains_key("page"), "page"),
        (root.contains_key("models"), "models"),
        (root.contains_key("sides"), "sides"),
        (has_reasons, "reasons"),
    ] {
        if !present {
            let at = root_start..root_start;
            out.push(
                Diagnostic::new(source, Check::MissingField, at, format!("the catalogue has no `{name}` table"))
                    .with_help(format!("add a [{name}] table; see docs/ARCHITECTURE.md for the format")),
            );
        }
    }
    // Whatever decoded is still checked for consistency, so that one run reports every
    // problem; only the sections everything else depends on must have decoded.
    let document = Document {
        meta: sections.meta?,
        languages: sections.languages?,
        sides: sections.sides.unwrap_or_default(),
        product_types: sections.product_types.unwrap_or_default(),
        links: sections.links.unwrap_or_default(),
        sources: sections.sources.unwrap_or_default(),
        glossary: sections.glossary.unwrap_or_default(),
        reference_codes: sections.reference_codes.unwrap_or_default(),
        models: sections.models.unwrap_or_default(),
        ui: sections.ui.unwrap_or_default(),
        page: sections.page?,
        access_history: sections.access_history,
        site: sections.site,
        reasons: sections.reasons.unwrap_or_default(),
        undecoded: sections.undecoded,
        partial: sections.reasons_partial,
    };
    Some(document)
}

#[derive(Default)]
struct Sections {
    meta: Option<Meta>,
    page: Option<Page>,
    access_history: Option<AccessHistory>,
    site: Option<Site>,
    languages: Option<Vec<Keyed<Lang, Language>>>,
    sides: Option<Vec<Keyed<SideKey, Named>>>,
    product_types: Option<Vec<Keyed<ProductTypeKey, Named>>>,
    links: Option<Vec<Keyed<LinkKey, Link>>>,
    sources: Option<Vec<Keyed<SourceKey, Source>>>,
    glossary: Option<Vec<Keyed<crate::TermKey, Term>>>,
    reference_codes: Option<Vec<Keyed<String, ReferenceCodes>>>,
    models: Option<Vec<Keyed<ModelKey, Model>>>,
    ui: Option<Vec<Keyed<String, Text>>>,
    reasons: Option<Vec<Reason>>,
    reasons_partial: bool,
    undecoded: Vec<String>,
}

fn decode_one<T: DeserializeOwned>(
    source: &SourceFile,
    value: &Spanned<DeValue<'_>>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    crate::decode::decode(source, value, what, out)
}

/// A table of named entries (`[models.neo]`, `[models.legacy]`), in the order of the file.
fn keyed<K: From<String>, T: DeserializeOwned>(
    source: &SourceFile,
    section: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
    undecoded: &mut Vec<String>,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<Keyed<K, T>>> {
    let DeValue::Table(table) = value.get_ref() else {
        out.push(
            Diagnostic::new(source, Check::WrongType, value.span(), format!("`{}` must be a table", section.get_ref()))
                .with_help(format!("write entries as [{}.<key>] tables", section.get_ref())),
        );
        return None;
    };
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut decoded = Vec::with_capacity(entries.len());
    for (key, entry) in entries {
        let what = format!("[{}.{}]", section.get_ref(), key.get_ref());
        match decode_one::<T>(source, entry, &what, out) {
            Some(value) => {
                decoded.push(Keyed { key: crate::Spanned::new(key.span(), K::from(key.get_ref().to_string())), value })
            }
            None => undecoded.push(format!("{}.{}", section.get_ref(), key.get_ref())),
        }
    }
    Some(decoded)
}

/// Below this many entries, decoding on one thread is faster than starting more.
const PARALLEL_MIN: usize = 256;

/// An array of tables (`[[reasons]]`), each element decoded on its own.
fn array<T: DeserializeOwned + Send>(
    source: &SourceFile,
    value: &Spanned<DeValue<'_>>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<T>> {
    let DeValue::Array(items) = value.get_ref() else {
        out.push(
            Diagnostic::new(source, Check::WrongType, value.span(), "`reasons` must be an array of tables")
                .with_help("write each reason as its own [[reasons]] table"),
        );
        return None;
    };
    // Entries that fail to decode are reported and left out; the rest are still checked.
    // Large arrays are decoded in chunks on all cores; results keep the order of the file.
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(items.len() / PARALLEL_MIN + 1);
    let chunk = items.len().div_ceil(threads.max(1)).max(1);
    let decode = |part: &[Spanned<DeValue<'_>>]| {
        let mut problems = Vec::new();
        let decoded = part.iter().filter_map(|item| decode_one::<T>(source, item, what, &mut problems)).collect();
        (decoded, problems)
    };
    // A small array is decoded on the calling thread: a thread costs more than it would save.
    if threads <= 1 {
        let (decoded, problems) = decode(items);
        out.extend(problems);
        return Some(decoded);
    }
    let results: Vec<(Vec<T>, Vec<Diagnostic>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = items.chunks(chunk).map(|part| scope.spawn(move || decode(part))).collect();
        workers.into_iter().map(|w| w.join().expect("a decoding thread panicked")).collect()
    });
    let mut decoded = Vec::with_capacity(items.len());
    for (part, problems) in results {
        decoded.extend(part);
        out.extend(problems);
    }
    Some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../tests/fixtures/other-product.toml");

    /// The fixture with `copies` more of its reasons, each under a new id.
    fn larger(copies: usize) -> String {
        let first = FIXTURE.find("[[reasons]]\n").unwrap();
        let mut text = FIXTURE.to_string();
        for n in 0..copies {
            text.push('\n');
            text.push_str(&FIXTURE[first..].replace("id = \"", &format!("id = \"copy{n}-")));
        }
        text
    }

    /// What each way of reading reports, spans included: the whole text at once, and the
    /// pieces (one entry per group, on all cores) where they are not refused.
    fn read_both_ways(text: &str) -> (String, Option<String>) {
        let source = SourceFile::new("c.toml", text);
        let mut whole = Vec::new();
        let document = parse_whole(&source, &mut whole).map(|(document, _)| document);
        let whole = format!("{document:#?}\n{:#?}", sorted(whole));
        let pieces = Pieces::with_group_size(text, 0).unwrap();
        let in_pieces = parse_in_pieces(&source, &pieces).map(|InPieces { head, reasons, mut problems, .. }| {
            let document = sections(&source, &head, 0, Some(reasons), &mut problems);
            format!("{document:#?}\n{:#?}", sorted(problems))
        });
        (whole, in_pieces)
    }

    /// The document a tape gives, read back as [`load_parsed`] reads it.
    fn read_back(source: &SourceFile, tape: &[Vec<u8>]) -> String {
        let parts: Vec<&[u8]> = tape.iter().map(Vec::as_slice).collect();
        let root = parsed::read(source.text(), &parts).expect("the tape of this text");
        let DeValue::Table(table) = root.get_ref() else { panic!("a tape's root is a table") };
        let mut problems = Vec::new();
        let document = sections(source, table, root.span().start, None, &mut problems);
        format!("{document:#?}\n{:#?}", sorted(problems))
    }

    #[test]
    fn a_catalogue_read_back_from_its_tape_is_the_catalogue_parsed_whole_or_in_pieces() {
        let text = larger(7);
        let source = SourceFile::new("c.toml", text.as_str());
        let (whole, _) = read_both_ways(&text);
        let (_, whole_tape) = parse_whole(&source, &mut Vec::new()).unwrap();
        assert_eq!(read_back(&source, &whole_tape), whole);
        let pieces = Pieces::with_group_size(&text, 0).unwrap();
        let tape = parse_in_pieces(&source, &pieces).unwrap().tape;
        assert_eq!(read_back(&source, &tape), whole);
        assert!(tape.len() > 2, "a part a group");
        let bytes: usize = tape.iter().map(Vec::len).sum();
        assert!(bytes < text.len() / 2, "{bytes} bytes for a text of {}", text.len());
    }

    #[test]
    fn a_catalogue_loaded_through_its_tape_is_the_catalogue_loaded() {
        let loaded = load_source(SourceFile::new("c.toml", FIXTURE)).unwrap();
        let tape = loaded.parsed().concat();
        let read = load_parsed(SourceFile::new("c.toml", FIXTURE), &tape).unwrap();
        assert_eq!(format!("{:#?}", read.document()), format!("{:#?}", loaded.document()));
        // A catalogue made from a document takes its tape from the text: the same tape.
        let (document, problems) = load_document(&SourceFile::new("c.toml", FIXTURE));
        let made = Catalogue::from_document(SourceFile::new("c.toml", FIXTURE), document, problems).unwrap();
        assert!(made.parsed() == loaded.parsed());
    }

    #[test]
    fn an_edited_text_is_parsed_and_checked_not_read_from_its_old_tape() {
        let tape = load_source(SourceFile::new("c.toml", FIXTURE)).unwrap().parsed().concat();
        let first = FIXTURE.find("id = \"").unwrap() + "id = \"".len();
        // The same length, another id: the tape's spans would still fit.
        let renamed = format!("{}z{}", &FIXTURE[..first], &FIXTURE[first + 1..]);
        let read = load_parsed(SourceFile::new("c.toml", renamed.as_str()), &tape).unwrap();
        let loaded = load_source(SourceFile::new("c.toml", renamed.as_str())).unwrap();
        assert_eq!(format!("{:#?}", read.document()), format!("{:#?}", loaded.document()));
        // An edit with a mistake is reported as a load reports it.
        let broken = FIXTURE.replacen("model = \"box\"", "modle = \"box\"", 1);
        let refused = load_parsed(SourceFile::new("c.toml", broken.as_str()), &tape).unwrap_err();
        assert_eq!(refused, load_source(SourceFile::new("c.toml", broken.as_str())).unwrap_err());
        assert!(refused.errors() > 0);
        // Not a tape at all.
        assert!(load_parsed(SourceFile::new("c.toml", FIXTURE), b"not a tape").is_ok());
    }

    #[test]
    fn a_damaged_tape_is_never_believed_the_text_decides() {
        let tape = load_source(SourceFile::new("c.toml", FIXTURE)).unwrap().parsed().concat();
        let loaded = load_source(SourceFile::new("c.toml", FIXTURE)).unwrap();
        let expected = format!("{:#?}", loaded.document());
        for at in (0..tape.len()).step_by(5) {
            let mut damaged = tape.clone();
            damaged[at] ^= 0x1b;
            let read = load_parsed(SourceFile::new("c.toml", FIXTURE), &damaged).unwrap();
            assert_eq!(format!("{:#?}", read.document()), expected, "byte {at} changed");
            assert!(read.parsed().concat() == tape, "byte {at}: the tape the text gives, not the damaged one");
        }
    }

    #[test]
    fn a_catalogue_read_in_pieces_is_the_catalogue_read_whole() {
        let text = larger(7);
        let (whole, in_pieces) = read_both_ways(&text);
        assert!(whole.contains("copy6-box-disk-full"), "{whole}");
        assert_eq!(in_pieces.as_deref(), Some(whole.as_str()));
    }

    #[test]
    fn a_catalogue_with_a_byte_order_mark_and_crlf_line_ends_reads_alike_in_pieces() {
        let text = format!("\u{feff}{}", larger(3).replace('\n', "\r\n"));
        let (whole, in_pieces) = read_both_ways(&text);
        assert!(whole.contains("copy2-box-disk-full"), "{whole}");
        assert_eq!(in_pieces.as_deref(), Some(whole.as_str()));
    }

    #[test]
    fn decoding_problems_in_pieces_are_the_whole_text_s() {
        let text =
            larger(3).replacen("model = \"box\"", "modle = \"box\"", 3).replacen("codes = [\"7\"]", "codes = 7", 2);
        let (whole, in_pieces) = read_both_ways(&text);
        assert!(whole.contains("UnknownKey") && whole.contains("WrongType"), "{whole}");
        assert_eq!(in_pieces.as_deref(), Some(whole.as_str()));
    }

    #[test]
    fn a_large_catalogue_is_checked_on_two_cores_with_the_same_problems_in_the_same_order() {
        // Copies share the fixture's codes without declaring them, and one link is unknown.
        let text = larger(PARALLEL_MIN / 2).replacen("links = [\"manual\"]", "links = [\"manul\"]", 1);
        let source = SourceFile::new("c.toml", text.as_str());
        let (document, _) = parse(&source, &mut Vec::new()).unwrap();
        assert!(document.reasons.len() >= PARALLEL_MIN);
        let mut one_after_the_other = Vec::new();
        validate::validate(&source, &document, &mut one_after_the_other);
        lint::lint(&source, &document, &mut one_after_the_other);
        let mut at_once = Vec::new();
        check(&source, &document, &mut at_once);
        assert!(one_after_the_other.len() > 2, "{one_after_the_other:#?}");
        assert_eq!(at_once, one_after_the_other);
    }

    #[test]
    fn what_pieces_cannot_read_alike_is_read_whole() {
        let at = |text: &str, n: usize| text.match_indices("[[reasons]]\n").nth(n).unwrap().0;
        let base = larger(3);
        let cases = [
            // A syntax error in a later entry.
            base.replacen("side = \"server\"", "side = \"server", 2),
            // A header line inside a multi-line string.
            base.replacen("en = \"Sign in again.\"", "en = \"\"\"Sign in\n[[reasons]]\nagain.\"\"\"", 2),
            // A table after the reasons, and one of the tables before them continued there.
            format!("{base}\n[extra]\nx = 1\n"),
            format!("{base}\n[links.late]\nurl = \"https://example.com/\"\n"),
            format!("{base}\n[ui.late]\nen = \"Late\"\nde = \"Spät\"\n"),
            // Reasons given before the headers as well.
            format!("reasons = []\n{base}"),
            format!("{}[[reasons]]\nid = 1\n[reasons]\n{}", &base[..at(&base, 2)], &base[at(&base, 2)..]),
        ];
        for text in &cases {
            let (whole, in_pieces) = read_both_ways(text);
            assert!(in_pieces.is_none(), "read in pieces, not whole: {text}");
            let source = SourceFile::new("c.toml", text.as_str());
            let mut problems = Vec::new();
            let document = parse(&source, &mut problems).map(|(document, _)| document);
            assert_eq!(format!("{document:#?}\n{:#?}", sorted(problems)), whole);
        }
    }
}
