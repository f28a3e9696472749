//! XLIFF 1.2, beside PO: what memoQ, Trados (through SDLXLIFF), OmegaT, Okapi and Translate
//! Toolkit all read. One `<trans-unit>` per text, its `id` and `resname` the text's path; the
//! model, side and codes, the glossary terms the source uses, the catalogue's note and the
//! pages the text is shown on as `<note>`s; the state from the translation's (missing:
//! `needs-translation`, stale: `needs-review-translation` with the Japanese it was made from as
//! a previous version, current: `translated`, approved); a current translation of the same
//! source text elsewhere offered as an `<alt-trans>`.
//!
//! Inline code, the address of a link and `{placeholders}` are protected inline elements
//! (`<ph>`, and `<bpt>`/`<ept>` around a link's text): a tool shows them as tags a translator
//! moves but does not edit, and an import refuses a unit whose protected element was altered,
//! at its line. Reading goes through the same import as PO (byte-span edits, refusals with their
//! line, stamping).

use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use quick_xml::events::{BytesStart, Event as Xml};

use super::po::{ExportContext, Message};
use super::{Entry, State};

/// A piece of a text as XLIFF carries it: words to translate, or protected markup.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// Inline code, kept as it is: `` `mc_viewer.exe` ``.
    Code(String),
    /// A `{placeholder}` the generator fills in.
    Placeholder(String),
    /// What opens a link's text: `[`.
    LinkStart(String),
    /// What closes it, with the address: `](https://…)`.
    LinkEnd(String),
}

/// What makes a protected piece of its bytes.
type MakePiece = fn(String) -> Piece;

/// A text's pieces, in order.
fn pieces(text: &str) -> Vec<Piece> {
    // Protected byte ranges, from CommonMark's own reading of the text.
    let mut protected: Vec<(Range<usize>, MakePiece)> = Vec::new();
    let events: Vec<(Event, Range<usize>)> = Parser::new(text).into_offset_iter().collect();
    let mut link: Option<(Range<usize>, Option<usize>, usize)> = None;
    for (event, range) in &events {
        match event {
            Event::Code(_) => protected.push((range.clone(), Piece::Code)),
            Event::Start(Tag::Link { .. }) => link = Some((range.clone(), None, range.start)),
            Event::End(TagEnd::Link) => {
                if let Some((whole, first, last)) = link.take() {
                    match first {
                        Some(first) if first > whole.start && last <= whole.end => {
                            protected.push((whole.start..first, Piece::LinkStart));
                            protected.push((last..whole.end, Piece::LinkEnd));
                        }
                        // An autolink or a link without words: all of it protected.
                        _ => protected.push((whole, Piece::Code)),
                    }
                }
            }
            _ => {
                if let Some((_, first, last)) = link.as_mut() {
                    first.get_or_insert(range.start);
                    *last = (*last).max(range.end);
                }
            }
        }
    }
    protected.sort_by_key(|(range, _)| range.start);
    let mut out = Vec::new();
    let mut at = 0;
    let words = |out: &mut Vec<Piece>, from: usize, to: usize| {
        // Placeholders in the words between protected ranges.
        let mut rest = &text[from..to];
        while let Some(open) = rest.find('{') {
            let after = &rest[open..];
            let close = after.find('}').filter(|&c| {
                let name = &after[1..c];
                name.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '_')
                    && name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
            });
            match close {
                Some(close) => {
                    if open > 0 {
                        out.push(Piece::Text(rest[..open].to_string()));
                    }
                    out.push(Piece::Placeholder(after[..=close].to_string()));
                    rest = &after[close + 1..];
                }
                None => {
                    out.push(Piece::Text(rest[..=open].to_string()));
                    rest = &rest[open + 1..];
                }
            }
        }
        if !rest.is_empty() {
            out.push(Piece::Text(rest.to_string()));
        }
    };
    for (range, make) in protected {
        if range.start < at {
            continue;
        }
        words(&mut out, at, range.start);
        out.push(make(text[range.clone()].to_string()));
        at = range.end;
    }
    words(&mut out, at, text.len());
    // Adjacent words merge, so that a text is one run of words between tags.
    let mut merged: Vec<Piece> = Vec::new();
    for piece in out {
        match (merged.last_mut(), piece) {
            (Some(Piece::Text(last)), Piece::Text(more)) => last.push_str(&more),
            (_, piece) => merged.push(piece),
        }
    }
    merged
}

/// What a protected piece is, as the element that carries it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Code,
    Placeholder,
    LinkStart,
    LinkEnd,
}

impl Piece {
    fn protected(&self) -> Option<(Kind, &str)> {
        match self {
            Piece::Text(_) => None,
            Piece::Code(s) => Some((Kind::Code, s)),
            Piece::Placeholder(s) => Some((Kind::Placeholder, s)),
            Piece::LinkStart(s) => Some((Kind::LinkStart, s)),
            Piece::LinkEnd(s) => Some((Kind::LinkEnd, s)),
        }
    }
}

/// The id each protected piece of `text` carries, in order: the source's own numbering (a
/// link's start and end share theirs); in a translation, the id of the source's piece with the
/// same content, or a new one after every source id.
fn ids(pieces: &[Piece], source: &[Piece]) -> Vec<usize> {
    let numbered = number(source);
    let mut used = vec![false; numbered.len()];
    let mut next = numbered.iter().map(|(_, _, id)| *id).max().unwrap_or(0);
    pieces
        .iter()
        .filter_map(Piece::protected)
        .map(|(kind, content)| {
            let found = numbered.iter().enumerate().find(|(n, (k, c, _))| !used[*n] && *k == kind && *c == content);
            match found {
                Some((n, (_, _, id))) => {
                    used[n] = true;
                    *id
                }
                None => {
                    next += 1;
                    next
                }
            }
        })
        .collect()
}

/// The protected pieces of a source text with their ids.
fn number(source: &[Piece]) -> Vec<(Kind, &str, usize)> {
    let mut id = 0;
    let mut open_link = None;
    source
        .iter()
        .filter_map(Piece::protected)
        .map(|(kind, content)| {
            let this = match kind {
                Kind::LinkEnd => open_link.take().unwrap_or_else(|| {
                    id += 1;
                    id
                }),
                _ => {
                    id += 1;
                    if kind == Kind::LinkStart {
                        open_link = Some(id);
                    }
                    id
                }
            };
            (kind, content, this)
        })
        .collect()
}

/// A text as XLIFF inline content, its protected pieces numbered against `source`'s.
fn inline(text: &str, source: &[Piece]) -> String {
    let pieces = pieces(text);
    let ids = ids(&pieces, source);
    let mut ids = ids.into_iter();
    let mut out = String::new();
    for piece in &pieces {
        match piece {
            Piece::Text(s) => out.push_str(&escape(s)),
            Piece::Code(s) => {
                let _ = write!(out, "<ph id=\"{}\" ctype=\"x-code\">{}</ph>", ids.next().unwrap_or(0), escape(s));
            }
            Piece::Placeholder(s) => {
                let _ =
                    write!(out, "<ph id=\"{}\" ctype=\"x-placeholder\">{}</ph>", ids.next().unwrap_or(0), escape(s));
            }
            Piece::LinkStart(s) => {
                let _ = write!(out, "<bpt id=\"{}\" ctype=\"link\">{}</bpt>", ids.next().unwrap_or(0), escape(s));
            }
            Piece::LinkEnd(s) => {
                let _ = write!(out, "<ept id=\"{}\">{}</ept>", ids.next().unwrap_or(0), escape(s));
            }
        }
    }
    out
}

/// Text for XML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Other control characters are an error in the catalogue (C022); line ends stay.
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// The XLIFF file of one language's entries, in the catalogue's order.
pub fn export(cx: &ExportContext, entries: &[Entry]) -> String {
    let doc = cx.document;
    let source_language = doc.meta.source_language.get_ref().as_str();
    let file = cx.source.path().display().to_string();
    let contexts = super::po::contexts(doc, source_language);
    let mut texts = Vec::new();
    catalogue::collect_texts(doc, &mut texts);
    let lines: std::collections::BTreeMap<&str, usize> = texts
        .iter()
        .filter_map(|(path, text)| {
            Some((path.as_str(), cx.source.position(text.entry(source_language)?.span().start).line))
        })
        .collect();
    let terms: Vec<(&str, String)> = doc
        .glossary
        .iter()
        .filter_map(|g| Some((g.value.term.get(source_language)?, g.value.term.get(cx.lang)?.to_string())))
        .collect();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n");
    let _ = writeln!(
        out,
        "<file original=\"{}\" source-language=\"{source_language}\" target-language=\"{}\" datatype=\"plaintext\">",
        escape(&file),
        escape(cx.lang)
    );
    let _ = writeln!(
        out,
        "<header>\n<note>{}</note>\n</header>\n<body>",
        escape(&format!(
            "{}: translate each target; bring the file back with `{}`. Units in state needs-translation or needs-review-translation are skipped on import until their state says they are translated. Tags are protected: inline code, link addresses and {{placeholders}} stay as they are.",
            doc.meta.title.tr(source_language),
            cx.import_command
        ))
    );
    for entry in entries.iter().filter(|e| e.lang == cx.lang) {
        let path = entry.path.as_str();
        let source_pieces = pieces(&entry.source);
        let approved = if entry.state == State::Current { " approved=\"yes\"" } else { "" };
        let _ = writeln!(out, "<trans-unit id=\"{0}\" resname=\"{0}\" xml:space=\"preserve\"{approved}>", escape(path));
        let _ = writeln!(out, "<source>{}</source>", inline(&entry.source, &source_pieces));
        let state = match entry.state {
            State::Current => "translated",
            State::Stale => "needs-review-translation",
            State::Missing => "needs-translation",
        };
        let target = entry.translation.as_deref().unwrap_or_default();
        let _ = writeln!(out, "<target state=\"{state}\">{}</target>", inline(target, &source_pieces));
        if let Some(suggestion) = entry.suggestion.as_ref().filter(|_| entry.state != State::Current) {
            let _ = writeln!(
                out,
                "<alt-trans origin=\"{}\" match-quality=\"100\">\n<target xml:lang=\"{}\">{}</target>\n</alt-trans>",
                escape(&suggestion.from),
                escape(cx.lang),
                inline(&suggestion.translation, &source_pieces)
            );
        }
        if let (State::Stale, Some(from)) = (entry.state, &entry.translated_from) {
            let previous = pieces(from);
            let _ = writeln!(
                out,
                "<alt-trans alttranstype=\"previous-version\">\n<source xml:lang=\"{source_language}\">{}</source>\n<target xml:lang=\"{}\">{}</target>\n</alt-trans>",
                inline(from, &previous),
                escape(cx.lang),
                inline(target, &previous)
            );
        }
        let mut notes: Vec<(&str, String)> = Vec::new();
        for line in contexts.get(entry.path.owner()).into_iter().flatten() {
            notes.push(("catalogue", line.clone()));
        }
        let used: Vec<String> =
            terms.iter().filter(|(term, _)| entry.source.contains(term)).map(|(t, tr)| format!("{t} = {tr}")).collect();
        if !used.is_empty() {
            notes.push(("glossary", format!("Glossary: {}", used.join("; "))));
        }
        if let Some(note) = &entry.note {
            notes.push(("developer", note.clone()));
        }
        if !entry.shown_on.is_empty() {
            notes.push(("pages", format!("Shown on: {}", entry.shown_on.join(", "))));
        }
        for (from, note) in notes {
            let _ = writeln!(out, "<note from=\"{from}\">{}</note>", escape(&note));
        }
        if let Some(line) = lines.get(path) {
            let _ = writeln!(
                out,
                "<context-group purpose=\"location\"><context context-type=\"sourcefile\">{}</context><context context-type=\"linenumber\">{line}</context></context-group>",
                escape(&file)
            );
        }
        out.push_str("</trans-unit>\n");
    }
    out.push_str("</body>\n</file>\n</xliff>\n");
    out
}

/// A mistake that makes an XLIFF file unreadable, or a unit that is refused as it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// An XLIFF file as the import reads it.
#[derive(Debug, Default)]
pub struct XliffFile {
    /// `target-language` of its first `<file>`.
    pub target_language: Option<String>,
    /// Each unit as a message: its id the text's path, its source and target as text.
    pub messages: Vec<Message>,
    /// Units refused as they were read (a protected element altered), with their path.
    pub refused: Vec<(Problem, String)>,
}

/// A protected element of a unit's target, as read.
struct Element {
    line: usize,
    kind: Kind,
    id: Option<usize>,
    content: String,
}

/// The states that say a target is not ready: skipped on import, as a fuzzy PO entry is.
const NOT_READY: &[&str] = &[
    "new",
    "needs-translation",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-translation",
    "needs-review-adaptation",
    "needs-review-l10n",
];

/// Reads an XLIFF 1.2 file. Malformed XML is an error at its line; a unit whose protected
/// element was altered is refused, the others read.
pub fn parse(text: &str) -> Result<XliffFile, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let position = |offset: usize| {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    };
    let mut reader = quick_xml::Reader::from_str(text);
    let mut file = XliffFile::default();
    // The unit being read: its line, id, whether its target is ready.
    let mut unit: Option<(usize, String)> = None;
    let mut ready = true;
    let mut source: Option<String> = None;
    let mut target: Option<String> = None;
    let mut elements: Vec<Element> = Vec::new();
    // Where text goes: the unit's source, its target, or nowhere (notes, alt-trans).
    #[derive(Clone, Copy, PartialEq)]
    enum Into {
        Nowhere,
        Source,
        Target,
    }
    let mut into = Into::Nowhere;
    let mut depth_alt = 0usize;
    // The protected element being read in the target, with where its content starts.
    let mut element: Option<Element> = None;
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            let (line, column) = position(reader.error_position() as usize);
            Problem { line, column, message: format!("the file is not well-formed XML: {e}") }
        })?;
        let (line, _) = position(at);
        let push = |into: Into, source: &mut Option<String>, target: &mut Option<String>, s: &str| match into {
            Into::Source => source.get_or_insert_with(String::new).push_str(s),
            Into::Target => target.get_or_insert_with(String::new).push_str(s),
            Into::Nowhere => {}
        };
        match event {
            Xml::Start(e) | Xml::Empty(e) if e.local_name().as_ref() == "file" && file.target_language.is_none() => {
                file.target_language = attribute(&e, "target-language");
            }
            Xml::Start(e) if e.local_name().as_ref() == "trans-unit" => {
                let id = attribute(&e, "id").or_else(|| attribute(&e, "resname")).unwrap_or_default();
                unit = Some((line, id));
                ready = true;
                source = None;
                target = None;
                elements.clear();
            }
            Xml::Start(e) if e.local_name().as_ref() == "alt-trans" => depth_alt += 1,
            Xml::End(e) if e.local_name().as_ref() == "alt-trans" => depth_alt = depth_alt.saturating_sub(1),
            Xml::Start(e) if depth_alt == 0 && e.local_name().as_ref() == "source" && unit.is_some() => {
                into = Into::Source;
                source.get_or_insert_with(String::new);
            }
            Xml::Start(e) if depth_alt == 0 && e.local_name().as_ref() == "target" && unit.is_some() => {
                ready &= !attribute(&e, "state").is_some_and(|s| NOT_READY.contains(&s.as_str()));
                target.get_or_insert_with(String::new);
                into = Into::Target;
            }
            Xml::Empty(e) if depth_alt == 0 && e.local_name().as_ref() == "target" && unit.is_some() => {
                ready &= !attribute(&e, "state").is_some_and(|s| NOT_READY.contains(&s.as_str()));
                target.get_or_insert_with(String::new);
            }
            Xml::End(e) if matches!(e.local_name().as_ref(), "source" | "target") => into = Into::Nowhere,
            Xml::Start(e)
                if into != Into::Nowhere && matches!(e.local_name().as_ref(), "ph" | "bpt" | "ept" | "it") =>
            {
                let kind = match (e.local_name().as_ref(), attribute(&e, "ctype").as_deref()) {
                    ("bpt", _) => Kind::LinkStart,
                    ("ept", _) => Kind::LinkEnd,
                    (_, Some("x-placeholder")) => Kind::Placeholder,
                    _ => Kind::Code,
                };
                let id = attribute(&e, "id").and_then(|i| i.parse().ok());
                element = Some(Element { line, kind, id, content: String::new() });
            }
            Xml::End(e) if matches!(e.local_name().as_ref(), "ph" | "bpt" | "ept" | "it") => {
                if let Some(done) = element.take() {
                    push(into, &mut source, &mut target, &done.content);
                    if into == Into::Target {
                        elements.push(done);
                    }
                }
            }
            Xml::Empty(e) if into != Into::Nowhere && matches!(e.local_name().as_ref(), "x" | "bx" | "ex" | "ph") => {
                if into == Into::Target
                    && let Some((_, id)) = &unit
                {
                    let (line, column) = position(at);
                    file.refused.push((
                        Problem {
                            line,
                            column,
                            message: "an empty protected element (<x/>, <bx/>, <ex/>) holds none of the markup it stands for; keep the tags as they were exported".into(),
                        },
                        id.clone(),
                    ));
                }
            }
            Xml::Text(t) => {
                let s = t.xml10_content();
                match element.as_mut() {
                    Some(el) => el.content.push_str(&s),
                    None => push(into, &mut source, &mut target, &s),
                }
            }
            Xml::CData(t) => {
                let s = t.into_inner().into_owned();
                match element.as_mut() {
                    Some(el) => el.content.push_str(&s),
                    None => push(into, &mut source, &mut target, &s),
                }
            }
            Xml::GeneralRef(r) => {
                let name = r.xml10_content();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_xml_entity(&name).map(str::to_string),
                };
                let Some(s) = resolved else {
                    let (line, column) = position(at);
                    return Err(Problem { line, column, message: format!("`&{name};` is no entity XLIFF knows") });
                };
                match element.as_mut() {
                    Some(el) => el.content.push_str(&s),
                    None => push(into, &mut source, &mut target, &s),
                }
            }
            Xml::End(e) if e.local_name().as_ref() == "trans-unit" => {
                let Some((line, id)) = unit.take() else { continue };
                let Some(source_text) = source.take() else {
                    let (l, column) = position(at);
                    return Err(Problem {
                        line: l,
                        column,
                        message: format!("the unit `{}` on line {line} has no source", catalogue::terminal::line(&id)),
                    });
                };
                let target_text = target.take().unwrap_or_default();
                if let Some(problem) = altered(&source_text, &elements) {
                    file.refused.push((problem, id));
                    continue;
                }
                file.messages.push(Message {
                    line,
                    msgctxt: Some(id),
                    msgid: source_text,
                    msgstr: target_text,
                    fuzzy: !ready,
                    plural: false,
                });
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    Ok(file)
}

/// The first protected element of a target that is not the source's as exported: an id the
/// source has not, or content other than the source's element with that id.
fn altered(source: &str, elements: &[Element]) -> Option<Problem> {
    let source_pieces = pieces(source);
    let numbered = number(&source_pieces);
    for element in elements {
        let expected = numbered.iter().find(|(kind, _, id)| Some(*id) == element.id && *kind == element.kind);
        match expected {
            Some((_, content, _)) if *content == element.content => {}
            Some((_, content, id)) => {
                return Some(Problem {
                    line: element.line,
                    column: 1,
                    message: format!(
                        "the protected element {id} holds `{}`, not `{}` as exported; protected elements are kept as they are",
                        catalogue::terminal::line(&element.content),
                        catalogue::terminal::line(content)
                    ),
                });
            }
            None => {
                return Some(Problem {
                    line: element.line,
                    column: 1,
                    message: format!(
                        "a protected element `{}` the source does not have; keep the tags as they were exported",
                        catalogue::terminal::line(&element.content)
                    ),
                });
            }
        }
    }
    None
}

/// An attribute's unescaped value.
fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_links_and_placeholders_are_protected_and_words_are_not() {
        let text = "Showing {shown} of [the list](https://e.example/a) with `x.exe`.";
        assert_eq!(
            pieces(text),
            [
                Piece::Text("Showing ".into()),
                Piece::Placeholder("{shown}".into()),
                Piece::Text(" of ".into()),
                Piece::LinkStart("[".into()),
                Piece::Text("the list".into()),
                Piece::LinkEnd("](https://e.example/a)".into()),
                Piece::Text(" with ".into()),
                Piece::Code("`x.exe`".into()),
                Piece::Text(".".into()),
            ]
        );
        let joined: String = pieces(text)
            .iter()
            .map(|p| match p {
                Piece::Text(s) | Piece::Code(s) | Piece::Placeholder(s) | Piece::LinkStart(s) | Piece::LinkEnd(s) => {
                    s.as_str()
                }
            })
            .collect();
        assert_eq!(joined, text, "the pieces are the text");
        assert_eq!(pieces("{ not one } a {b c}"), [Piece::Text("{ not one } a {b c}".into())]);
    }

    #[test]
    fn a_translation_keeps_the_ids_of_the_source_pieces_it_moves() {
        let source = pieces("{total}件中{shown}件を表示");
        let xml = inline("Showing {shown} of {total}", &source);
        assert_eq!(
            xml,
            "Showing <ph id=\"2\" ctype=\"x-placeholder\">{shown}</ph> of <ph id=\"1\" ctype=\"x-placeholder\">{total}</ph>"
        );
        // A misspelt placeholder is a piece of its own, with a new id.
        assert!(inline("Showing {show}", &source).contains("<ph id=\"3\""));
    }

    #[test]
    fn a_file_reads_back_with_states_and_an_altered_element_refused() {
        let xlf = "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file target-language=\"en\"><body>\n\
            <trans-unit id=\"a\"><source>{x}あ</source><target state=\"translated\"><ph id=\"1\" ctype=\"x-placeholder\">{x}</ph> A &amp; B</target></trans-unit>\n\
            <trans-unit id=\"b\"><source>い</source><target state=\"needs-review-translation\">I</target></trans-unit>\n\
            <trans-unit id=\"c\"><source>{y}う</source>\n<target><ph id=\"1\" ctype=\"x-placeholder\">{z}</ph> U</target></trans-unit>\n\
            </body></file></xliff>\n";
        let file = parse(xlf).unwrap();
        assert_eq!(file.target_language.as_deref(), Some("en"));
        assert_eq!(file.messages.len(), 2);
        assert_eq!((file.messages[0].msgstr.as_str(), file.messages[0].fuzzy), ("{x} A & B", false));
        assert!(file.messages[1].fuzzy, "a state that says not ready");
        assert_eq!(file.refused.len(), 1);
        assert_eq!((file.refused[0].0.line, file.refused[0].1.as_str()), (6, "c"), "the line of the altered element");
        assert!(parse("<xliff><file><body><trans-unit id=\"a\"><source>x</sourc></trans-unit>").is_err());
    }
}
