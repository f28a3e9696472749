//! The PO round trip: a bilingual gettext PO file for one language (`msgctxt` the text's path,
//! `msgid` the source text, `msgstr` the translation), and reading one back.
//!
//! PO is what Poedit, Weblate, Crowdin and gettext's own tools speak. The reader is written
//! here rather than taken from a crate: it needs line numbers for every mistake and the
//! `fuzzy` flag, and PO's grammar is small.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use catalogue::{Document, Keyed, SourceFile};

use super::{Entry, State};

/// Everything an export needs besides the entries: where they come from and for whom.
pub struct ExportContext<'a> {
    pub source: &'a SourceFile,
    pub document: &'a Document,
    pub lang: &'a str,
    /// The command that imports the file, for the header.
    pub import_command: &'a str,
}

/// The PO file of one language's entries, in the catalogue's order.
pub fn export(cx: &ExportContext, entries: &[Entry]) -> String {
    let doc = cx.document;
    let source_language = doc.meta.source_language.get_ref().as_str();
    let file = cx.source.path().display().to_string();
    let stem = cx.source.path().file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let language_name = |key: &str| {
        doc.languages.iter().find(|l| l.key() == key).map(|l| l.value.name.get_ref().clone()).unwrap_or_default()
    };
    // A comment is one line: a value never starts another line (another entry), even one
    // `check` would refuse.
    let comment = |value: &str| value.replace(['\n', '\r'], " ");
    let mut out = String::new();
    let _ = writeln!(out, "# {}", comment(doc.meta.title.tr(source_language)));
    let _ = writeln!(
        out,
        "# {} ({}) → {} ({}), from {}.",
        comment(&language_name(source_language)),
        source_language,
        comment(&language_name(cx.lang)),
        cx.lang,
        comment(&file)
    );
    let _ = writeln!(out, "# Translate each msgstr; bring the file back with `{}`.", cx.import_command);
    let _ = writeln!(out, "# `fuzzy` marks a translation made from an older source text, shown as `#| msgid`.");
    let _ = writeln!(out, "# Do not edit msgctxt or msgid: they say which text a translation belongs to.");
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    for field in [
        format!("Project-Id-Version: {stem}"),
        // Empty rather than a date, so that an export is a function of the catalogue alone;
        // translation tools fill these in when they save.
        "PO-Revision-Date: ".to_string(),
        "Last-Translator: ".to_string(),
        format!("Language-Team: {}", language_name(cx.lang)),
        format!("Language: {}", cx.lang),
        "MIME-Version: 1.0".to_string(),
        "Content-Type: text/plain; charset=UTF-8".to_string(),
        "Content-Transfer-Encoding: 8bit".to_string(),
        format!("X-Source-Language: {source_language}"),
    ] {
        let _ = writeln!(out, "\"{}\\n\"", escape(&field));
    }
    let contexts = contexts(doc, source_language);
    let mut texts = Vec::new();
    catalogue::collect_texts(doc, &mut texts);
    let spans: BTreeMap<&str, usize> = texts
        .iter()
        .filter_map(|(path, text)| Some((path.as_str(), text.entry(source_language)?.span().start)))
        .collect();
    for entry in entries.iter().filter(|e| e.lang == cx.lang) {
        out.push('\n');
        let head = entry.path.owner();
        for line in contexts.get(head).into_iter().flatten() {
            let _ = writeln!(out, "#. {line}");
        }
        if let Some(note) = &entry.note {
            for line in note.lines() {
                let _ = writeln!(out, "#. Note: {line}");
            }
        }
        if !entry.shown_on.is_empty() {
            let _ = writeln!(out, "#. Shown on: {}", entry.shown_on.join(", "));
        }
        // A missing or stale translation is offered the current one of the same source text,
        // marked fuzzy so that it is reviewed, never imported as it is.
        let suggested = entry.suggestion.as_ref().filter(|_| entry.state != State::Current);
        if let Some(suggestion) = suggested {
            let _ =
                writeln!(out, "#. Suggested: the translation of `{}`, whose source text is the same.", suggestion.from);
        }
        if let Some(&offset) = spans.get(entry.path.as_str()) {
            let _ = writeln!(out, "#: {file}:{}", cx.source.position(offset).line);
        }
        let mut flags = Vec::new();
        if entry.state == State::Stale || suggested.is_some() {
            flags.push("fuzzy");
        }
        if has_placeholders(&entry.source) {
            flags.push("python-brace-format");
        }
        if !flags.is_empty() {
            let _ = writeln!(out, "#, {}", flags.join(", "));
        }
        if let Some(from) = &entry.translated_from {
            for line in string("msgid", from).lines() {
                let _ = writeln!(out, "#| {line}");
            }
        }
        out.push_str(&string("msgctxt", &entry.path));
        out.push_str(&string("msgid", &entry.source));
        let msgstr = suggested.map(|s| s.translation.as_str()).or(entry.translation.as_deref());
        out.push_str(&string("msgstr", msgstr.unwrap_or_default()));
    }
    out
}

/// Extracted comments for the translator, per first path segment: a reason's model, side and
/// codes; what the other sections are.
pub(super) fn contexts(doc: &Document, lang: &str) -> BTreeMap<String, Vec<String>> {
    fn name<K: AsRef<str>>(entries: &[Keyed<K, catalogue::Named>], key: &str, lang: &str) -> String {
        entries.iter().find(|e| e.key().as_ref() == key).map(|e| e.value.name.tr(lang).to_string()).unwrap_or_default()
    }
    let mut out = BTreeMap::new();
    for reason in &doc.reasons {
        let model =
            doc.models.iter().find(|m| m.key() == reason.model()).map(|m| m.value.name.tr(lang)).unwrap_or_default();
        let codes: Vec<&str> = reason.codes().map(|c| c.as_str()).collect();
        let mut lines = vec![format!(
            "Reason {}: model {} ({model}), side {} ({}), {} {}",
            reason.id(),
            reason.model(),
            reason.side(),
            name(&doc.sides, reason.side().as_str(), lang),
            if codes.len() == 1 { "code" } else { "codes" },
            codes.join(", ")
        )];
        if reason.retired.is_some() {
            lines.push("This reason is retired: it is no longer recorded.".into());
        }
        out.insert(reason.id().to_string(), lines);
    }
    let sections: [(&str, &str); 9] = [
        ("catalogue", "The title of the published pages."),
        (
            "ui",
            "A heading or label the outputs print; words in {braces} are filled in by the generator and stay as they are.",
        ),
        ("page", "The prose around the lists of reasons."),
        ("models", "A product model and the heading of its list of reasons."),
        ("sides", "Where an error happens."),
        ("product_types", "A product type."),
        ("glossary", "A glossary entry."),
        ("links", "The title of a linked document."),
        (
            "reference_codes",
            "Numbers a user is shown with an error (reference codes), and what the sources say of them.",
        ),
    ];
    for (section, line) in sections {
        out.insert(section.to_string(), vec![line.to_string()]);
    }
    out
}

/// Does a text hold `{name}` placeholders that a translation must keep?
fn has_placeholders(text: &str) -> bool {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(close) = rest.find('}') {
            let name = &rest[..close];
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return true;
            }
        }
    }
    false
}

/// A keyword and its string, one PO line per line of the text.
fn string(keyword: &str, value: &str) -> String {
    if !value.contains('\n') || value.trim_end_matches('\n').is_empty() {
        return format!("{keyword} \"{}\"\n", escape(value));
    }
    let mut out = format!("{keyword} \"\"\n");
    for line in value.split_inclusive('\n') {
        let _ = writeln!(out, "\"{}\"", escape(line));
    }
    out
}

/// A PO string's contents. Other control characters are an error in the catalogue (C022), so
/// they pass as they are.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    super::edit::escape_into(&mut out, value, |c, out| out.push(c));
    out
}

/// One message of a PO file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    /// The line of its first keyword.
    pub line: usize,
    pub msgctxt: Option<String>,
    pub msgid: String,
    pub msgstr: String,
    pub fuzzy: bool,
    /// It has `msgid_plural`: the catalogue has no plural forms.
    pub plural: bool,
}

/// A PO file: its header fields and its messages, obsolete (`#~`) ones left out.
#[derive(Debug, Default)]
pub struct PoFile {
    pub header: BTreeMap<String, String>,
    pub messages: Vec<Message>,
}

/// A mistake that makes a PO file unreadable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Which string a continuation line adds to.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Msgctxt,
    Msgid,
    MsgidPlural,
    Msgstr,
}

/// Reads a PO file. Any line that is not a comment, a keyword with its string, a continuation
/// string or blank is an error, and so is a message without `msgid` or `msgstr`.
pub fn parse(text: &str) -> Result<PoFile, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut messages = Vec::new();
    let mut current: Option<(Message, Vec<Field>)> = None;
    let mut field: Option<Field> = None;
    let mut fuzzy = false;
    let finish = |current: &mut Option<(Message, Vec<Field>)>, messages: &mut Vec<Message>| -> Result<(), ParseError> {
        if let Some((message, seen)) = current.take() {
            if !seen.contains(&Field::Msgid) || !seen.contains(&Field::Msgstr) {
                let missing = if seen.contains(&Field::Msgid) { "msgstr" } else { "msgid" };
                return Err(ParseError {
                    line: message.line,
                    column: 1,
                    message: format!("this message has no {missing}"),
                });
            }
            messages.push(message);
        }
        Ok(())
    };
    for (n, line) in text.lines().enumerate() {
        let number = n + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('#') {
            // A comment ends the message before it: comments belong to the next message.
            if current.as_ref().is_some_and(|(_, seen)| seen.contains(&Field::Msgstr)) {
                finish(&mut current, &mut messages)?;
                field = None;
            }
            if let Some(flags) = trimmed.strip_prefix("#,") {
                let flagged = flags.split(',').any(|f| f.trim() == "fuzzy");
                // Flags belong to the message they stand in, as gettext reads them: one placed
                // between a message's msgctxt and msgid is that message's.
                match current.as_mut() {
                    Some((message, _)) => message.fuzzy |= flagged,
                    None => fuzzy |= flagged,
                }
            }
            continue;
        }
        let start = line.len() - line.trim_start().len();
        let column = start + 1;
        let at = |byte: usize, message: String| ParseError {
            line: number,
            column: line[..byte].chars().count() + 1,
            message,
        };
        if trimmed.starts_with('"') {
            let Some(f) = field else {
                return Err(ParseError { line: number, column, message: "a string that continues no keyword".into() });
            };
            let value = unquote(trimmed).map_err(|(offset, message)| at(start + offset, message.into()))?;
            if let Some((message, _)) = current.as_mut()
                && let Some(target) = target(message, f)
            {
                target.push_str(&value);
            }
            continue;
        }
        let (keyword, rest) = trimmed.split_once(char::is_whitespace).unwrap_or((trimmed, ""));
        let f = match keyword {
            "msgctxt" => Field::Msgctxt,
            "msgid" => Field::Msgid,
            "msgid_plural" => Field::MsgidPlural,
            k if k == "msgstr" || (k.starts_with("msgstr[") && k.ends_with(']')) => Field::Msgstr,
            other => {
                return Err(ParseError {
                    line: number,
                    column,
                    message: format!("`{other}` is not a PO keyword (msgctxt, msgid, msgid_plural, msgstr)"),
                });
            }
        };
        // msgctxt or msgid after a complete message starts the next one.
        if matches!(f, Field::Msgctxt | Field::Msgid)
            && current.as_ref().is_some_and(|(_, seen)| seen.contains(&Field::Msgstr) || seen.contains(&f))
        {
            finish(&mut current, &mut messages)?;
        }
        let (message, seen) = current.get_or_insert_with(|| {
            let message = Message { line: number, fuzzy, ..Message::default() };
            fuzzy = false;
            (message, Vec::new())
        });
        if f == Field::Msgstr && !seen.contains(&Field::Msgid) {
            return Err(ParseError { line: number, column, message: "msgstr before its msgid".into() });
        }
        if f != Field::Msgstr && seen.contains(&f) {
            return Err(ParseError { line: number, column, message: format!("a second {keyword} in one message") });
        }
        if f == Field::MsgidPlural {
            message.plural = true;
        }
        let string_start = start + trimmed.len() - rest.trim_start().len();
        let value = unquote(rest.trim()).map_err(|(offset, message)| at(string_start + offset, message.into()))?;
        if keyword.starts_with("msgstr[") && keyword != "msgstr[0]" {
            // Plural forms other than the first have nowhere to go; `plural` refuses the message.
            field = None;
        } else {
            if let Some(target) = target(message, f) {
                target.push_str(&value);
            }
            field = Some(f);
        }
        seen.push(f);
    }
    finish(&mut current, &mut messages)?;
    let mut file = PoFile::default();
    for message in messages {
        if message.msgid.is_empty() && message.msgctxt.is_none() && file.header.is_empty() {
            for line in message.msgstr.lines() {
                if let Some((key, value)) = line.split_once(':') {
                    file.header.insert(key.trim().to_string(), value.trim().to_string());
                }
            }
            continue;
        }
        file.messages.push(message);
    }
    Ok(file)
}

/// Where a field's strings go; `None` for the plural's, which is never used (a plural message
/// is refused as a whole).
fn target(message: &mut Message, field: Field) -> Option<&mut String> {
    match field {
        Field::Msgctxt => Some(message.msgctxt.get_or_insert_with(String::new)),
        Field::Msgid => Some(&mut message.msgid),
        Field::MsgidPlural => None,
        Field::Msgstr => Some(&mut message.msgstr),
    }
}

/// The value of a PO string `"…"` with its escapes resolved; or the byte offset of a mistake
/// in it, and what it is.
fn unquote(quoted: &str) -> Result<String, (usize, &'static str)> {
    let error = |offset: usize, message: &'static str| (offset, message);
    let Some(inner) = quoted.strip_prefix('"') else {
        return Err(error(0, "expected a string in double quotes"));
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let after = &inner[i + 1..];
                if !after.trim().is_empty() {
                    let skipped = after.len() - after.trim_start().len();
                    return Err(error(i + 2 + skipped, "text after the closing quote"));
                }
                return Ok(out);
            }
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'a')) => out.push('\u{7}'),
                Some((_, 'b')) => out.push('\u{8}'),
                Some((_, 'f')) => out.push('\u{c}'),
                Some((_, 'v')) => out.push('\u{b}'),
                _ => return Err(error(i + 1, "an unknown escape; write a backslash as \\\\")),
            },
            c => out.push(c),
        }
    }
    Err(error(0, "the string has no closing quote"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_split_at_line_ends_and_escape_quotes() {
        assert_eq!(string("msgid", "say \"hi\""), "msgid \"say \\\"hi\\\"\"\n");
        assert_eq!(string("msgstr", "a\nb"), "msgstr \"\"\n\"a\\n\"\n\"b\"\n");
    }

    #[test]
    fn placeholders_are_names_in_braces() {
        assert!(has_placeholders("For {types}:"));
        assert!(!has_placeholders("a { b } c {}"));
    }

    #[test]
    fn messages_are_read_with_their_flags_context_and_continuations() {
        let po = "msgid \"\"\nmsgstr \"\"\n\"Language: en\\n\"\n\n#. a comment\n#, fuzzy\nmsgctxt \"a.b\"\nmsgid \"\"\n\"one\\n\"\n\"two\"\nmsgstr \"Eins \\\"x\\\"\"\n\nmsgctxt \"c\"\nmsgid \"y\"\nmsgstr \"\"\n#~ msgid \"old\"\n#~ msgstr \"alt\"\n";
        let file = parse(po).unwrap();
        assert_eq!(file.header.get("Language").map(String::as_str), Some("en"));
        assert_eq!(file.messages.len(), 2);
        let first = &file.messages[0];
        assert_eq!((first.line, first.msgctxt.as_deref(), first.msgid.as_str()), (7, Some("a.b"), "one\ntwo"));
        assert_eq!(first.msgstr, "Eins \"x\"");
        assert!(first.fuzzy);
        assert!(!file.messages[1].fuzzy);
        assert_eq!(file.messages[1].msgstr, "");
    }

    #[test]
    fn a_fuzzy_flag_inside_a_message_is_that_messages() {
        let po = "msgctxt \"a\"\n#, fuzzy\nmsgid \"x\"\nmsgstr \"y\"\n\nmsgctxt \"b\"\nmsgid \"z\"\nmsgstr \"w\"\n";
        let file = parse(po).unwrap();
        assert!(file.messages[0].fuzzy, "{:?}", file.messages[0]);
        assert!(!file.messages[1].fuzzy, "the flag does not leak into the next message");
    }

    #[test]
    fn mistakes_are_reported_at_their_line_and_column() {
        let cases = [
            ("msgid \"a\"\nmsgstr \"b\nmsgid \"c\"\nmsgstr \"d\"\n", 2, "no closing quote"),
            ("msgid \"a\"\nmsgstr \"b\" x\n", 2, "after the closing quote"),
            ("msgid \"a\"\nmsgtsr \"b\"\n", 2, "not a PO keyword"),
            ("\"a\"\n", 1, "continues no keyword"),
            ("msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"\"\n", 1, "no msgstr"),
            ("msgid \"a\\q\"\nmsgstr \"\"\n", 1, "unknown escape"),
        ];
        for (po, line, words) in cases {
            let error = parse(po).unwrap_err();
            assert_eq!(error.line, line, "{po:?}: {error:?}");
            assert!(error.message.contains(words), "{po:?}: {error:?}");
        }
        let error = parse("msgid \"a\"\nmsgstr \"b\" x\n").unwrap_err();
        assert_eq!(error.column, 12);
    }
}
