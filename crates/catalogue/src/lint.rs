//! Consistency checks beyond the format: shared codes, unused declarations, translations that
//! drifted from their source, and text hygiene.

use std::collections::BTreeMap;

use crate::source::Spanned;
use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::checks::Check;
use crate::diagnostic::Diagnostic;
use crate::markup::{contains_any, describe_char, is_bidi_control};
use crate::model::Document;
use crate::model::Reason;
use crate::model::{Place, Quoted, visit_texts};
use crate::source::SourceFile;
use crate::text::Text;

/// Below this many texts, checking them on threads costs more than it saves: a thread costs
/// about 0.1 ms to start here, a text about 5 µs to check in a release build (the real
/// catalogue's 268 texts, 1.3 ms, are checked on two cores). The unoptimised build `cargo
/// xtask` runs checks a text about ten times slower, so there threads pay sooner.
const TEXTS_PER_THREAD: usize = if cfg!(debug_assertions) { 32 } else { 128 };

/// What the checks of every text share: the languages, the catalogue's codes, the glossary.
struct Context<'d> {
    source_language: &'d str,
    languages: Vec<&'d str>,
    /// Per translated language: is it a draft, and the band its lengths keep.
    targets: Vec<(&'d str, bool, (f64, f64))>,
    /// Every reason and reference code: numbers a translation must keep, or it is an error.
    codes: std::collections::BTreeSet<&'d str>,
    /// Glossary terms in the source language, with their translations and `enforce`.
    terms: Vec<(&'d str, &'d Text, bool)>,
    /// Sources whose words texts quote (the transcribed page, and those with a copy, which
    /// provenance proves them against): a text from one is the source's wording, not ours to
    /// restyle.
    quoted: std::collections::BTreeSet<&'d str>,
}

pub(crate) fn lint(source: &SourceFile, doc: &Document, out: &mut Vec<Diagnostic>) {
    if !doc.partial {
        shared_codes(source, doc, out);
        unused(source, doc, out);
    }
    let fields = string_fields(doc);
    addresses(source, doc, &fields, out);
    for (what, rule, value) in &fields {
        field_rules(source, what, *rule, value, out);
    }
    let source_language = doc.meta.source_language.get_ref().as_str();
    let band = |l: &crate::model::Language| match l.length_ratio.as_ref().map(|r| r.get_ref().as_slice()) {
        Some([low, high]) => (*low, *high),
        _ => crate::parity::DEFAULT_LENGTH_RATIO,
    };
    let cx = Context {
        source_language,
        languages: doc.languages.iter().map(|l| l.key().as_str()).collect(),
        targets: doc
            .languages
            .iter()
            .filter(|l| l.key() != source_language)
            .map(|l| (l.key().as_str(), l.value.draft, band(&l.value)))
            .collect(),
        codes: doc
            .reasons
            .iter()
            .flat_map(|r| r.codes().map(|c| c.as_str()))
            .chain(doc.reference_codes.iter().flat_map(|e| e.value.codes().map(|c| c.as_str())))
            .collect(),
        terms: doc
            .glossary
            .iter()
            .filter_map(|t| Some((t.value.term.get(source_language)?, &t.value.term, t.value.enforce)))
            .collect(),
        quoted: doc
            .sources
            .iter()
            .filter(|s| s.value.copy.is_some())
            .map(|s| s.key().as_str())
            .chain(doc.meta.source.as_ref().map(|s| s.get_ref().as_str()))
            .collect(),
    };
    let cx = &cx;
    let mut texts = Vec::new();
    visit_texts(doc, |place, shape, text| texts.push((place, shape, text)));
    // Each text is checked on its own: large catalogues are split across the cores; a small
    // one is checked here, since a thread costs more than its texts take.
    let check_texts = |part: &[(Place, crate::model::Shape, &Text)]| {
        let mut out = Vec::new();
        for &(place, shape, text) in part {
            // Written out only when a problem is reported: most texts have none.
            let what = Quoted(place);
            for (lang, value) in &text.entries {
                hygiene(source, &what, lang.as_str(), value, &mut out);
                structure(source, &what, shape.one_line, lang.as_str(), value, &mut out);
            }
            japanese_style(source, &what, shape, text, cx, &mut out);
            translations(source, &what, text, cx, &mut out);
            glossary_terms(source, &what, text, cx, &mut out);
            staleness(source, &place, text, source_language, &cx.languages, &mut out);
        }
        out
    };
    if texts.len() < TEXTS_PER_THREAD {
        out.extend(check_texts(&texts));
    } else {
        let threads =
            std::thread::available_parallelism().map_or(1, usize::from).min(texts.len() / TEXTS_PER_THREAD + 1);
        let chunk = texts.len().div_ceil(threads).max(1);
        let found: Vec<Vec<Diagnostic>> = std::thread::scope(|scope| {
            let workers: Vec<_> = texts.chunks(chunk).map(|part| scope.spawn(|| check_texts(part))).collect();
            workers.into_iter().map(|w| w.join().expect("a lint thread panicked")).collect()
        });
        out.extend(found.into_iter().flatten());
    }
    consistency(source, &texts, cx, out);
}

/// The Japanese style checks (C049–C055), on a Japanese source text we wrote: content quoted
/// from a source (the vendor's page, without `source`, or a source with a copy) is the
/// source's wording and stays as written, and so do the vendor's messages.
fn japanese_style(
    source: &SourceFile,
    what: &dyn std::fmt::Display,
    shape: crate::model::Shape,
    text: &Text,
    cx: &Context,
    out: &mut Vec<Diagnostic>,
) {
    if !crate::style::is_japanese(cx.source_language) {
        return;
    }
    let quoted = match &text.source {
        None => shape.content,
        Some(key) => cx.quoted.contains(key.get_ref().as_str()),
    };
    let Some(value) = text.entry(cx.source_language).filter(|_| !quoted) else { return };
    for finding in crate::style::findings(value.get_ref()) {
        out.push(
            Diagnostic::new(
                source,
                finding.check,
                within(source, value, finding.range),
                format!("{what} ({}): {}", cx.source_language, finding.message),
            )
            .with_help(finding.help),
        );
    }
}

/// Where a part of a string value is in the file: exact when the file writes the value as it
/// reads (no escapes), else the whole value.
fn within(source: &SourceFile, value: &Spanned<String>, part: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let raw = source.slice(value.span());
    let text = value.get_ref();
    match raw.find(text.as_str()) {
        Some(at) if !text.is_empty() && raw.matches(text.as_str()).count() == 1 => {
            let start = value.span().start + at;
            start + part.start..start + part.end
        }
        _ => value.span(),
    }
}

/// The same source text of content translated two ways in one language: each later text that
/// differs from the first is reported, naming the first.
fn consistency(
    source: &SourceFile,
    texts: &[(Place, crate::model::Shape, &Text)],
    cx: &Context,
    out: &mut Vec<Diagnostic>,
) {
    use unicode_normalization::UnicodeNormalization;
    // Labels, names and terms may differ by context (a heading's plural, a column's singular).
    let mut first: BTreeMap<(String, &str), (Place, &Spanned<String>)> = BTreeMap::new();
    // In the order of the file, so that the first is the first a reader of the file meets.
    let mut in_file_order: Vec<&(Place, crate::model::Shape, &Text)> = texts.iter().collect();
    in_file_order.sort_by_key(|(_, _, text)| text.span.start);
    for &&(place, shape, text) in in_file_order.iter().filter(|(_, shape, _)| shape.content) {
        let _ = shape;
        let Some(original) = text.get(cx.source_language).filter(|t| !t.trim().is_empty()) else { continue };
        let key: String = original.trim().nfc().collect();
        for (lang, value) in
            text.entries.iter().filter(|(l, v)| l != cx.source_language && !v.get_ref().trim().is_empty())
        {
            match first.get(&(key.clone(), lang.as_str())) {
                None => {
                    first.insert((key.clone(), lang.as_str()), (place, value));
                }
                Some((other, earlier)) if earlier.get_ref().trim() != value.get_ref().trim() => {
                    let line = source.position(earlier.span().start).line;
                    out.push(
                        Diagnostic::new(
                            source,
                            Check::InconsistentTranslation,
                            value.span(),
                            format!(
                                "{} ({lang}) translates the same text as {} on line {line}, differently\n  {lang} there: {}\n  {lang} here:  {}",
                                Quoted(place),
                                Quoted(*other),
                                earlier.get_ref(),
                                value.get_ref()
                            ),
                        )
                        .with_help(format!(
                            "translate it the same way, or copy one translation to every repeat: `cargo xtask l10n propagate {other}`"
                        )),
                    );
                }
                Some(_) => {}
            }
        }
    }
}

/// A code carried by several reasons of one model must be declared shared on each of them, and
/// every declaration must still cover such a collision.
/// How many other reasons a shared-code diagnostic names before it says how many more there are.
const NAMED_OTHERS: usize = 3;

fn shared_codes(source: &SourceFile, doc: &Document, out: &mut Vec<Diagnostic>) {
    // A reason whose model is mistyped has left a model we cannot name; one whose code is
    // mistyped has left a collision in its own model. Declarations there are not judged stale.
    let lost_model = doc.reasons.iter().any(|r| !doc.models.iter().any(|m| m.key() == r.model()));
    let unsure: Vec<&str> = doc
        .reasons
        .iter()
        .filter(|r| !r.codes().all(|c| crate::codes::is_code(c.as_str())))
        .map(|r| r.model().as_str())
        .collect();
    let mut carriers: BTreeMap<(&str, &str), Vec<&Reason>> = BTreeMap::new();
    for reason in &doc.reasons {
        for code in reason.codes() {
            let list = carriers.entry((reason.model().as_str(), code.as_str())).or_default();
            // A code a reason lists twice (C012) does not make it share the code with itself.
            if list.last().is_none_or(|last| last.id() != reason.id()) {
                list.push(reason);
            }
        }
    }
    for reason in &doc.reasons {
        for code in reason.codes.get_ref() {
            let carrying = &carriers[&(reason.model().as_str(), code.get_ref().as_str())];
            if carrying.len() > 1 && !reason.shared_codes.contains_key(code.get_ref()) {
                // A few names, not thousands: each of them gets a diagnostic of its own.
                let mut others: Vec<String> = carrying
                    .iter()
                    .filter(|r| r.id() != reason.id())
                    .take(NAMED_OTHERS)
                    .map(|r| format!("`{}`", r.id()))
                    .collect();
                let more = carrying.len() - 1 - others.len();
                if more > 0 {
                    others.push(format!("{more} more"));
                }
                out.push(
                    Diagnostic::new(
                        source,
                        Check::UndeclaredSharedCode,
                        code.span(),
                        format!(
                            "code {} of `{}` is also carried by {} in model `{}`, but not declared shared",
                            code.get_ref(),
                            reason.id(),
                            others.join(", "),
                            reason.model()
                        ),
                    )
                    .with_help(format!(
                        "add `[reasons.shared_codes]` with `{} = {{ … }}`: a note saying how to tell these reasons apart",
                        code.get_ref()
                    )),
                );
            }
        }
        // A mistyped model or code moves a reason out of its collisions: the declarations it
        // leaves behind are not stale, and advice to remove them would delete correct notes.
        if lost_model || unsure.contains(&reason.model().as_str()) {
            continue;
        }
        for (code, note) in &reason.shared_codes {
            let carries = reason.codes().any(|c| c == code);
            let shared = carries && carriers[&(reason.model().as_str(), code.as_str())].len() > 1;
            if !shared {
                let why = if carries {
                    format!("no other reason of model `{}` carries code {code}", reason.model())
                } else {
                    format!("`{}` does not carry code {code}", reason.id())
                };
                out.push(
                    Diagnostic::new(
                        source,
                        Check::StaleSharedCode,
                        note.span.clone(),
                        format!("stale shared-code declaration: {why}"),
                    )
                    .with_help("remove the declaration, or move its note to `notes`"),
                );
            }
        }
    }
}

/// Declared models, sides, product types and links that nothing refers to.
fn unused<'d>(source: &SourceFile, doc: &'d Document, out: &mut Vec<Diagnostic>) {
    let mut used: Vec<&'d str> = Vec::new();
    used.extend(names(&doc.page.intro_links));
    doc.page.steps.iter().for_each(|s| used.extend(names(&s.links)));
    doc.models.iter().for_each(|m| used.extend(names(&m.value.links)));
    for entry in &doc.reference_codes {
        used.extend(names(&entry.value.links));
        entry.value.code_links.values().for_each(|keys| used.extend(names(keys)));
    }
    for reason in &doc.reasons {
        used.extend(names(&reason.links));
        used.extend(names(&reason.product_types));
        reason.remedy.get_ref().iter().for_each(|step| used.extend(names(&step.applies_to)));
    }
    let sides: Vec<&str> = doc.reasons.iter().map(|r| r.side().as_str()).collect();
    let models: Vec<&str> = doc.reasons.iter().map(|r| r.model().as_str()).collect();
    // A misspelt reference makes the entry it meant look unused: while a kind has a reference
    // to something undeclared, its unused declarations are not reported.
    let all_declared = |used: &[&str], declared: &[&str]| used.iter().all(|u| declared.contains(u));
    // Entries that failed to decode are declared all the same.
    let declared = |section: &str, keys: Vec<&'d str>| -> Vec<&'d str> {
        let failed = doc.undecoded.iter().filter_map(|u| u.strip_prefix(section)?.strip_prefix('.'));
        keys.into_iter().chain(failed).collect()
    };
    let declared_links = declared("links", doc.links.iter().map(|k| k.key().as_str()).collect());
    let declared_types = declared("product_types", doc.product_types.iter().map(|k| k.key().as_str()).collect());
    let declared_sides = declared("sides", doc.sides.iter().map(|k| k.key().as_str()).collect());
    let declared_models = declared("models", doc.models.iter().map(|k| k.key().as_str()).collect());
    let mut names: Vec<&str> = declared_links.clone();
    names.extend(&declared_types);
    let trusted_shared = used.iter().all(|u| names.contains(u));
    let trusted_sides = all_declared(&sides, &declared_sides);
    let trusted_models = all_declared(&models, &declared_models);
    let mut report = |kind: &str, key: &Spanned<&str>, used: &[&str], trusted: bool| {
        if trusted && !used.contains(key.get_ref()) {
            out.push(
                Diagnostic::new(
                    source,
                    Check::Unused,
                    key.span(),
                    format!("{kind} `{}` is declared but never used", key.get_ref()),
                )
                .with_help("refer to it from an entry, or remove the declaration"),
            );
        }
    };
    doc.models.iter().for_each(|m| report("model", &as_str(&m.key), &models, trusted_models));
    doc.sides.iter().for_each(|s| report("side", &as_str(&s.key), &sides, trusted_sides));
    doc.product_types.iter().for_each(|p| report("product type", &as_str(&p.key), &used, trusted_shared));
    doc.links.iter().for_each(|l| report("link", &as_str(&l.key), &used, trusted_shared));
    let mut texts = Vec::new();
    visit_texts(doc, |place, shape, text| texts.push((place, shape, text)));
    let cited: Vec<&str> = texts
        .iter()
        .filter_map(|(_, _, t)| t.source.as_ref())
        .chain(doc.reasons.iter().filter_map(|r| r.side_source.as_ref()))
        .chain(doc.meta.source.as_ref())
        .map(|s| s.get_ref().as_str())
        .collect();
    let declared_sources = declared("sources", doc.sources.iter().map(|k| k.key().as_str()).collect());
    let trusted_sources = cited.iter().all(|c| *c == crate::SourceKey::OURS || declared_sources.contains(c));
    doc.sources.iter().for_each(|s| report("source", &as_str(&s.key), &cited, trusted_sources));
}

/// The keys of a list of references, as strings.
fn names<K: AsRef<str>>(keys: &[Spanned<K>]) -> impl Iterator<Item = &str> {
    keys.iter().map(|k| k.get_ref().as_ref())
}

/// A key with its span, as a string.
fn as_str<K: AsRef<str>>(key: &Spanned<K>) -> Spanned<&str> {
    Spanned::new(key.span(), key.get_ref().as_ref())
}

/// Whitespace, control characters, mojibake and unbalanced brackets in one string.
fn hygiene(
    source: &SourceFile,
    what: &dyn std::fmt::Display,
    lang: &str,
    value: &Spanned<String>,
    out: &mut Vec<Diagnostic>,
) {
    let text = value.get_ref();
    let span = value.span();
    let suspicious = |c: char| c == '\u{FFFD}' || (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c);
    let found = if may_be_suspicious(text) { text.chars().find(|&c| suspicious(c)) } else { None };
    if let Some(c) = found {
        let what_char = if c == '\u{FFFD}' {
            "a U+FFFD replacement character (mojibake)".to_string()
        } else if is_bidi_control(c) {
            format!("U+{:04X}, an invisible character that reorders the text around it", c as u32)
        } else {
            format!("control character U+{:04X}", c as u32)
        };
        out.push(
            Diagnostic::new(
                source,
                Check::ControlCharacter,
                span.clone(),
                format!("{what} ({lang}) contains {what_char}"),
            )
            .with_help("retype the text; U+FFFD usually means it was pasted in the wrong encoding"),
        );
    }
    if let Some(c) = crate::parity::invisible(text) {
        out.push(
            Diagnostic::new(
                source,
                Check::InvisibleCharacter,
                span.clone(),
                format!("{what} ({lang}) contains U+{:04X}, an invisible character", c as u32),
            )
            .with_help("delete it, and type an ordinary space where one is meant"),
        );
    }
    // A separator such as ", " is all punctuation and spaces on purpose.
    let has_words = text.chars().any(char::is_alphanumeric);
    if (has_words && text.trim() != text) || text.contains('\t') || crate::parity::double_space(text) {
        let issue = if text.contains('\t') {
            "a tab"
        } else if text.trim() != text {
            "leading or trailing whitespace"
        } else {
            "two spaces in a row"
        };
        out.push(
            Diagnostic::new(source, Check::Whitespace, span.clone(), format!("{what} ({lang}) has {issue}"))
                .with_help("remove it; use spaces, not tabs"),
        );
    }
    if let Some(problem) = unbalanced(text) {
        out.push(
            Diagnostic::new(source, Check::UnbalancedBrackets, span, format!("{what} ({lang}): {problem}"))
                .with_help("close every bracket and quote the text opens"),
        );
    }
}

/// Every output places a text inline (a list item, a table cell, a `<summary>`, a CSV cell): a
/// text is one paragraph without block markup, a one-line text has no line break, and every
/// link in it has an allowed scheme.
fn structure(
    source: &SourceFile,
    what: &dyn std::fmt::Display,
    one_line: bool,
    lang: &str,
    value: &Spanned<String>,
    out: &mut Vec<Diagnostic>,
) {
    let text = value.get_ref();
    if one_line && contains_any(text, b"\n\r") {
        out.push(
            Diagnostic::new(
                source,
                Check::LineBreak,
                value.span(),
                format!("{what} ({lang}) breaks onto a second line"),
            )
            .with_help("write it on one line: it is printed as a title, a label or a table cell"),
        );
        return;
    }
    // Without these, CommonMark can find neither block markup nor a link in the text.
    let may_have_markup = contains_any(text, b"\n\r[<")
        || text.starts_with(|c: char| {
            c.is_ascii_digit() || matches!(c, '#' | '-' | '*' | '+' | '>' | '=' | '`' | '~' | '_' | ' ')
        });
    if !may_have_markup {
        return;
    }
    let mut blocks = 0;
    let mut depth = 0usize;
    let mut block_problem = None;
    let mut link_problem = None;
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    blocks += 1;
                    let kind = match tag {
                        Tag::Paragraph | Tag::HtmlBlock => None,
                        Tag::Heading { .. } => Some("a heading"),
                        Tag::BlockQuote(_) => Some("a block quote"),
                        Tag::CodeBlock(_) => Some("a code block"),
                        Tag::List(_) => Some("a list"),
                        _ => Some("block markup"),
                    };
                    if block_problem.is_none() {
                        block_problem = kind.or((blocks > 1).then_some("a second paragraph"));
                    }
                }
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &tag
                    && link_problem.is_none()
                {
                    link_problem = crate::markup::link_problem(dest_url).map(|p| format!("`{dest_url}`: {p}"));
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule if depth == 0 && block_problem.is_none() => block_problem = Some("a horizontal rule"),
            _ => {}
        }
    }
    if let Some(kind) = block_problem {
        out.push(
            Diagnostic::new(source, Check::BlockMarkup, value.span(), format!("{what} ({lang}) holds {kind}"))
                .with_help(
                    "keep a text to one paragraph of inline markup; split a remedy into steps, a note into notes",
                ),
        );
    }
    if let Some(problem) = link_problem {
        out.push(
            Diagnostic::new(source, Check::UnsafeLink, value.span(), format!("{what} ({lang}) links to {problem}"))
                .with_help("link to an https:, http: or mailto: address, or a relative path"),
        );
    }
}

/// How a string field that is not a [`Text`] is held: to C022 always, to C030 when it is
/// printed on one line, to C031 when it is an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldRule {
    /// Printed on one line: a name, a header, a console text, a version, a path.
    Line,
    /// May break onto more lines: a translator's note, a quotation's correction.
    Lines,
    /// An address a page or a terminal may link to ([`addresses`] says which).
    Address,
    /// An address that must also be absolute: where the site is published.
    AbsoluteAddress,
}

/// Every string field that is not a text's entry, described, with its rule ([`string_fields`]).
pub(crate) type Fields<'d> = Vec<(String, FieldRule, &'d Spanned<String>)>;

/// Every string field of the document that is not a text's entry (those are held by
/// [`hygiene`] and [`structure`]) nor a key or a reference (held by validation to the keys
/// declared), with the rule it is held to. A test walks the catalogue's schema and proves that
/// each string field of it is held to a rule, here or as a text.
pub(crate) fn string_fields(doc: &Document) -> Fields<'_> {
    use FieldRule::{AbsoluteAddress, Address, Line, Lines};
    let mut out: Fields<'_> = Vec::new();
    if let Some(version) = &doc.meta.version {
        out.push(("`[catalogue] version`".into(), Line, version));
    }
    for language in &doc.languages {
        out.push((format!("the name of language `{}`", language.key()), Line, &language.value.name));
    }
    for link in &doc.links {
        if let Some(url) = &link.value.url {
            out.push((format!("the address of link `{}`", link.key()), Address, url));
        }
    }
    for entry in &doc.sources {
        let key = entry.key();
        if let Some(url) = &entry.value.url {
            out.push((format!("the address of source `{key}`"), Address, url));
        }
        if let Some(copy) = &entry.value.copy {
            out.push((format!("the copy of source `{key}`"), Line, copy));
        }
        for correction in &entry.value.corrections {
            out.push((format!("a correction of source `{key}`"), Lines, &correction.found));
            out.push((format!("a correction of source `{key}`"), Lines, &correction.written));
        }
    }
    if let Some(history) = &doc.access_history {
        let columns = [
            ("result_columns", &history.result_columns),
            ("type_columns", &history.type_columns),
            ("time_columns", &history.time_columns),
            ("user_columns", &history.user_columns),
        ];
        for (name, list) in columns {
            out.extend(list.iter().map(|c| (format!("a column in `{name}`"), Line, c)));
        }
        for (lang, headers) in &history.headers {
            out.extend(headers.iter().map(|h| (format!("a header of `headers.{lang}`"), Line, h)));
        }
        for (model, headers) in &history.model_headers {
            out.extend(headers.iter().map(|h| (format!("a header of `model_headers.{model}`"), Line, h)));
        }
        if let Some(url) = &history.faq_url {
            out.push(("the address of `faq_url`".into(), Address, url));
        }
    }
    if let Some(site) = &doc.site {
        if let Some(url) = &site.base_url {
            out.push(("`base_url`".into(), AbsoluteAddress, url));
        }
        if let Some(output) = &site.output {
            out.push(("`[site] output`".into(), Line, output));
        }
    }
    for reason in &doc.reasons {
        for console in &reason.console {
            out.push((format!("a console text of `{}`", reason.id()), Line, &console.text));
        }
    }
    let mut notes = Vec::new();
    visit_texts(doc, |place, _, text| {
        if let Some(note) = &text.translator_note {
            notes.push((format!("the translator's note of {}", Quoted(place)), Lines, note));
        }
    });
    out.extend(notes);
    out
}

/// C022 and C030 for a string field ([`string_fields`]); its address rules are [`addresses`]'.
fn field_rules(source: &SourceFile, what: &str, rule: FieldRule, value: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    let text = value.get_ref();
    let line_break = |c: char| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
    if rule != FieldRule::Lines
        && let Some(c) = text.chars().find(|&c| line_break(c))
    {
        out.push(
            Diagnostic::new(source, Check::LineBreak, value.span(), format!("{what} breaks onto a second line"))
                .with_help(format!(
                    "write it on one line (it holds {}): it is printed as a name, a header, an address or a cell",
                    describe_char(c)
                )),
        );
    }
    // A control character, a reordering one, or an invisible line break where lines may break.
    let suspicious = |c: char| {
        c == '\u{FFFD}'
            || (crate::terminal::is_escaped(c) && !line_break(c))
            || (rule == FieldRule::Lines && matches!(c, '\u{2028}' | '\u{2029}'))
    };
    if let Some(c) = text.chars().find(|&c| suspicious(c)) {
        out.push(
            Diagnostic::new(
                source,
                Check::ControlCharacter,
                value.span(),
                format!("{what} contains {}", describe_char(c)),
            )
            .with_help("retype it: a control or invisible character changes what a terminal or a page shows"),
        );
    }
}

/// The addresses the catalogue declares (every [`FieldRule::Address`] and
/// [`FieldRule::AbsoluteAddress`] of `fields`) against the link allow-list; a link says its
/// address or that it is not known.
fn addresses(source: &SourceFile, doc: &Document, fields: &Fields<'_>, out: &mut Vec<Diagnostic>) {
    use FieldRule::{AbsoluteAddress, Address};
    for link in &doc.links {
        let (has_url, unknown) = (link.value.url.is_some(), link.value.has_unknown_url());
        if has_url == unknown {
            let (message, help, span) = if has_url {
                (
                    format!("link `{}` has an address and says `url_unknown = true`", link.key()),
                    "remove `url_unknown`: the address is known",
                    link.value.url_unknown.as_ref().map_or(link.key.span(), Spanned::span),
                )
            } else {
                (
                    format!("link `{}` has no address, and does not say that none is known", link.key()),
                    "add `url = \"https://…\"` where a source shows the address, or `url_unknown = true` where none does",
                    link.key.span(),
                )
            };
            out.push(Diagnostic::new(source, Check::LinkWithoutAddress, span, message).with_help(help));
        }
    }
    for (what, rule, url) in fields.iter().filter(|(_, rule, _)| matches!(rule, Address | AbsoluteAddress)) {
        let text = url.get_ref();
        let absolute = || text.starts_with("https://") || text.starts_with("http://");
        let problem = crate::markup::link_problem(text).or_else(|| {
            (*rule == AbsoluteAddress && !absolute())
                .then(|| "the published address must be absolute (https://…)".to_string())
        });
        if let Some(problem) = problem {
            let help = match rule {
                AbsoluteAddress => {
                    "write the address the docs/ folder is published at, such as https://example.org/errors/"
                }
                _ => "link to an https:, http: or mailto: address, or a relative path",
            };
            out.push(
                Diagnostic::new(source, Check::UnsafeLink, url.span(), format!("{what}: {problem}")).with_help(help),
            );
        }
    }
}

/// The bracket pairs a text must balance. `unbalanced` finds each by its bytes; a pair added
/// here needs its bytes there too (a test compares the two readings over every pair).
/// „ closes with “ or ” (German); “ with ”.
const PAIRS: &[(char, char)] =
    &[('(', ')'), ('（', '）'), ('[', ']'), ('「', '」'), ('『', '』'), ('“', '”'), ('„', '”')];

/// The first bracket or quote that does not pair up, if any.
fn unbalanced(text: &str) -> Option<String> {
    let mut open: Vec<char> = Vec::new();
    // Read by bytes: only a bracket's own first byte starts one of these encodings, so every
    // other byte is passed over at once (the debug build `cargo xtask` runs decodes and
    // compares a character at a time slowly).
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let c = match &bytes[at..] {
            [b @ (b'(' | b')' | b'[' | b']'), ..] => char::from(*b),
            [0xEF, 0xBC, 0x88, ..] => '（',
            [0xEF, 0xBC, 0x89, ..] => '）',
            [0xE3, 0x80, 0x8C, ..] => '「',
            [0xE3, 0x80, 0x8D, ..] => '」',
            [0xE3, 0x80, 0x8E, ..] => '『',
            [0xE3, 0x80, 0x8F, ..] => '』',
            [0xE2, 0x80, 0x9C, ..] => '“',
            [0xE2, 0x80, 0x9D, ..] => '”',
            [0xE2, 0x80, 0x9E, ..] => '„',
            _ => {
                at += 1;
                continue;
            }
        };
        at += c.len_utf8();
        if let Some(problem) = bracket(&mut open, c) {
            return Some(problem);
        }
    }
    open.pop().map(|o| format!("`{o}` is never closed"))
}

/// One bracket read: an opening one is pushed, a closing one must close the last one open.
fn bracket(open: &mut Vec<char>, c: char) -> Option<String> {
    // German quotes close with the English opening one: „…“.
    if c == '“' && open.last() == Some(&'„') {
        open.pop();
        return None;
    }
    if let Some(&(o, _)) = PAIRS.iter().find(|(o, _)| *o == c) {
        open.push(o);
    } else if let Some(&(o, _)) = PAIRS.iter().find(|(_, close)| *close == c)
        && open.pop() != Some(o)
    {
        return Some(format!("`{c}` closes nothing it matches"));
    }
    None
}

/// Could the text hold a character [`hygiene`] reports (U+FFFD, a control character other than
/// a line feed or tab, a bidirectional control)? No when none of the bytes that begin their
/// encodings is there: a byte below 0x20 or 0x7F, 0xC2 (U+0080–U+009F), 0xE2 (U+2000–U+2FFF)
/// or 0xEF (U+F000–U+FFFF).
fn may_be_suspicious(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if SUSPICIOUS_START[usize::from(bytes[at])] {
            return true;
        }
        at += 1;
    }
    false
}

static SUSPICIOUS_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\n' as usize && b != b'\t' as usize;
        b += 1;
    }
    table[0x7F] = true;
    table[0xC2] = true;
    table[0xE2] = true;
    table[0xEF] = true;
    table
};

/// What must be the same in every language of a text.
#[derive(Debug, Default, PartialEq, Eq)]
struct Shape {
    items: usize,
    links: Vec<String>,
    code: Vec<String>,
    /// Emphasised and strong spans, in order of kind.
    emphasis: Vec<&'static str>,
}

fn shape(text: &str) -> Shape {
    let mut shape = Shape::default();
    // Without these characters a text can hold no list item, link or inline code.
    let may_have_markup = contains_any(text, b"`[<\n*_")
        || text.starts_with(['-', '*', '+'])
        || text.starts_with(|c: char| c.is_ascii_digit());
    let events = may_have_markup.then(|| Parser::new(text)).into_iter().flatten();
    for event in events {
        match event {
            Event::Start(Tag::Item) => shape.items += 1,
            Event::Start(Tag::Link { dest_url, .. }) => shape.links.push(dest_url.to_string()),
            Event::Code(code) => shape.code.push(code.to_string()),
            Event::Start(Tag::Emphasis) => shape.emphasis.push("emphasis"),
            Event::Start(Tag::Strong) => shape.emphasis.push("strong emphasis"),
            _ => {}
        }
    }
    for list in [&mut shape.links, &mut shape.code] {
        list.sort();
    }
    shape.emphasis.sort_unstable();
    shape
}

fn is_japanese_script(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF66}'..='\u{FF9F}')
}

/// A glossary term the source language uses in a text is translated by the term's translation:
/// a warning of its own for an enforced term (C036), another for the rest (C043).
fn glossary_terms(
    source: &SourceFile,
    what: &dyn std::fmt::Display,
    text: &Text,
    cx: &Context,
    out: &mut Vec<Diagnostic>,
) {
    let Some(original) = text.get(cx.source_language) else { return };
    let fold = |s: &str| s.to_lowercase().replace('-', " ");
    for &(term, translations, enforce) in &cx.terms {
        if !original.contains(term) {
            continue;
        }
        for (lang, value) in &text.entries {
            let Some(wanted) = translations.get(lang.as_str()).filter(|_| lang != cx.source_language) else { continue };
            if !value.get_ref().trim().is_empty() && !fold(value.get_ref()).contains(&fold(wanted)) {
                let check = if enforce { Check::TermDrift } else { Check::TermNotFollowed };
                out.push(
                    Diagnostic::new(
                        source,
                        check,
                        value.span(),
                        format!("{what} ({lang}): the source says 「{term}」, which the glossary translates as “{wanted}”; this translation does not"),
                    )
                    .with_help(format!("use “{wanted}” here, as every other text does, or change the glossary entry")),
                );
            }
        }
    }
}

/// Every translation keeps what its source carries (list items, links, inline code, emphasis,
/// placeholders, codes and other numbers, its end punctuation and roughly its length), holds
/// no full-width Latin where its language does not write CJK, and is really translated.
fn translations(
    source: &SourceFile,
    what: &dyn std::fmt::Display,
    text: &Text,
    cx: &Context,
    out: &mut Vec<Diagnostic>,
) {
    let source_language = cx.source_language;
    let Some(original) = text.get(source_language) else { return };
    let expected = shape(original);
    let placeholders = crate::parity::placeholders(original);
    let (codes, numbers): (Vec<String>, Vec<String>) =
        crate::parity::numbers(original).into_iter().partition(|n| is_code_like(n, cx));
    let ending = crate::parity::ending(original);
    let length = crate::parity::length(original);
    let source_has_kana_or_kanji = original.chars().any(is_japanese_script);
    for (lang, value) in &text.entries {
        if lang == source_language || value.get_ref().trim().is_empty() {
            continue;
        }
        let (cjk, band) =
            cx.targets.iter().find(|(l, ..)| l == lang).map_or(
                (crate::parity::is_cjk(lang.as_str()), crate::parity::DEFAULT_LENGTH_RATIO),
                |&(l, _, band)| (crate::parity::is_cjk(l), band),
            );
        let translated = value.get_ref();
        let mut report = |check: Check, message: String, help: String| {
            out.push(Diagnostic::new(source, check, value.span(), message).with_help(help));
        };
        let found = shape(translated);
        let (found_codes, found_numbers): (Vec<String>, Vec<String>) =
            crate::parity::numbers(translated).into_iter().partition(|n| is_code_like(n, cx));
        let mut differences = Vec::new();
        if found.items != expected.items {
            differences.push(format!("{} list items where `{source_language}` has {}", found.items, expected.items));
        }
        for (name, a, b) in [
            ("links", &found.links, &expected.links),
            ("inline code", &found.code, &expected.code),
            ("codes", &found_codes, &codes),
        ] {
            if a != b {
                differences.push(format!("{name} [{}] where `{source_language}` has [{}]", a.join(", "), b.join(", ")));
            }
        }
        if found.emphasis != expected.emphasis {
            differences.push(format!(
                "emphasis [{}] where `{source_language}` has [{}]",
                found.emphasis.join(", "),
                expected.emphasis.join(", ")
            ));
        }
        if !differences.is_empty() {
            report(
                Check::TranslationMismatch,
                format!("{what}: the `{lang}` text has {}", differences.join("; ")),
                format!("make the `{lang}` text carry what the `{source_language}` text carries"),
            );
        }
        let found_placeholders = crate::parity::placeholders(translated);
        if found_placeholders != placeholders {
            let list = |p: &[&str]| p.iter().map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join(" ");
            report(
                Check::PlaceholderMismatch,
                format!(
                    "{what}: the `{lang}` text has the placeholders [{}] where `{source_language}` has [{}]",
                    list(&found_placeholders),
                    list(&placeholders)
                ),
                "keep every `{name}` as the source spells it: the generator fills them in".into(),
            );
        }
        if found_numbers != numbers {
            report(
                Check::NumberMismatch,
                format!(
                    "{what}: the `{lang}` text has the numbers [{}] where `{source_language}` has [{}]",
                    found_numbers.join(", "),
                    numbers.join(", ")
                ),
                "write the source's numbers as digits in the translation".into(),
            );
        }
        let found_ending = crate::parity::ending(translated);
        if found_ending != ending {
            report(
                Check::EndPunctuation,
                format!(
                    "{what}: the `{lang}` text {}, the `{source_language}` text {}",
                    found_ending.describe(),
                    ending.describe()
                ),
                "end the translation as its source ends".into(),
            );
        }
        if !cjk && let Some(c) = crate::parity::full_width(translated) {
            report(
                Check::FullWidthLatin,
                format!("{what}: the `{lang}` text holds the full-width `{c}` (U+{:04X})", c as u32),
                "type the ordinary half-width character".into(),
            );
        }
        if length >= crate::parity::LENGTH_RATIO_FROM {
            let ratio = crate::parity::length(translated) as f64 / length as f64;
            if ratio < band.0 || ratio > band.1 {
                report(
                    Check::LengthRatio,
                    format!(
                        "{what}: the `{lang}` text is {ratio:.2} times as long as the `{source_language}` text, outside the band {:.2}–{:.2}",
                        band.0, band.1
                    ),
                    format!(
                        "check that nothing was left out or doubled; if it is right, widen `[languages.{lang}] length_ratio`"
                    ),
                );
            }
        }
        // A language that writes CJK shares characters with Japanese: only a copy is suspect.
        if !cjk && source_has_kana_or_kanji && words_outside_code(translated).any(|w| w.chars().any(is_japanese_script))
        {
            report(
                Check::Untranslated,
                format!("{what}: the `{lang}` text still contains kana or kanji"),
                "translate the remaining Japanese".into(),
            );
        } else if translated == original && !original.is_ascii() {
            report(
                Check::Untranslated,
                format!("{what}: the `{lang}` text is the `{source_language}` text"),
                "translate it".into(),
            );
        }
    }
}

/// Is this number one a translation must keep or be wrong: a code of the catalogue (a
/// reason's or a reference code), or any number of four digits or more?
fn is_code_like(number: &str, cx: &Context) -> bool {
    number.len() >= 4 || cx.codes.contains(number)
}

/// The text of a translation outside its inline code: a Japanese label quoted as code (which
/// C019 holds equal in every language) is the source's on purpose, not left untranslated.
fn words_outside_code(text: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    let parsed = text.contains('`').then(|| {
        Parser::new(text).filter_map(|e| match e {
            Event::Text(t) => Some(std::borrow::Cow::Owned(t.into_string())),
            _ => None,
        })
    });
    let whole = (!text.contains('`')).then_some(std::borrow::Cow::Borrowed(text));
    whole.into_iter().chain(parsed.into_iter().flatten())
}

/// Is each translation's fingerprint that of the current source text?
/// Texts in undeclared languages and empty texts are left to the checks that report them.
fn staleness(
    source: &SourceFile,
    path: &dyn std::fmt::Display,
    text: &Text,
    source_language: &str,
    languages: &[&str],
    out: &mut Vec<Diagnostic>,
) {
    let Some(original) = text.get(source_language) else { return };
    let current = crate::fingerprint::of(original);
    for (lang, value) in &text.entries {
        if lang == source_language || !languages.contains(&lang.as_str()) || value.get_ref().trim().is_empty() {
            continue;
        }
        let (message, span) = match text.fingerprint(lang.as_str()) {
            Some(recorded) if recorded.get_ref() == &current => continue,
            // A malformed fingerprint is reported by its own check (C027).
            Some(recorded) if !crate::fingerprint::is_well_formed(recorded.get_ref()) => continue,
            Some(recorded) => (
                format!(
                    "`{path}`: the `{lang}` text was translated from an older `{source_language}` text\n  {source_language}: {original}\n  {lang}: {}",
                    value.get_ref()
                ),
                recorded.span(),
            ),
            None => (
                format!("`{path}`: the `{lang}` text has no fingerprint of the text it was translated from"),
                value.span(),
            ),
        };
        out.push(
            Diagnostic::new(source, Check::StaleTranslation, span, message)
                .with_help(format!("update the `{lang}` text if needed, then run `cargo xtask l10n stamp {path}`")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How `unbalanced` read texts before it read bytes: every character given to `bracket`.
    fn unbalanced_by_chars(text: &str) -> Option<String> {
        let mut open: Vec<char> = Vec::new();
        for c in text.chars() {
            if let Some(problem) = bracket(&mut open, c) {
                return Some(problem);
            }
        }
        open.pop().map(|o| format!("`{o}` is never closed"))
    }

    #[test]
    fn brackets_read_by_bytes_are_those_read_by_characters() {
        // Every bracket, and every character whose encoding shares all but the last byte with
        // one (U+3000–U+303F, U+FF00–U+FF3F, U+2000–U+203F), and kana, ASCII and a 4-byte one.
        let mut alphabet: Vec<char> = PAIRS.iter().flat_map(|&(o, c)| [o, c]).collect();
        for range in ['\u{3000}'..='\u{303F}', '\u{FF00}'..='\u{FF3F}', '\u{2000}'..='\u{203F}'] {
            alphabet.extend(range);
        }
        alphabet.extend(['a', ' ', 'あ', 'ア', '漢', '😀', '{', '}', '<', '>']);
        // Every pair of them, and runs of many picked by a fixed sequence.
        for &a in &alphabet {
            for &b in &alphabet {
                let text: String = [a, b].iter().collect();
                assert_eq!(unbalanced(&text), unbalanced_by_chars(&text), "{text:?}");
            }
        }
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            let len = (seed % 9) as usize;
            let text: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            assert_eq!(unbalanced(&text), unbalanced_by_chars(&text), "{text:?}");
        }
    }

    #[test]
    fn no_character_the_hygiene_check_reports_escapes_the_byte_prefilter() {
        let suspicious = |c: char| c == '\u{FFFD}' || (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c);
        let mut reported = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            if suspicious(c) {
                reported += 1;
                assert!(may_be_suspicious(&text), "U+{:04X} would be passed over", c as u32);
            }
        }
        assert!(reported > 60, "the check reports controls, bidi controls and U+FFFD");
        assert!(!may_be_suspicious("認証に失敗しました。\n\tAuthentication failed (110200)"));
    }

    #[test]
    fn japanese_in_inline_code_is_quoted_not_untranslated() {
        let outside = |t: &str| words_outside_code(t).collect::<String>();
        assert_eq!(outside("tick the item `プラス無し` in it"), "tick the item  in it");
        assert_eq!(outside("プラス無し"), "プラス無し");
        assert!(!outside("a `ラベル` and more").chars().any(is_japanese_script));
    }

    #[test]
    fn brackets_must_pair_and_nest() {
        assert_eq!(unbalanced("「a(b)」 [c]"), None);
        assert_eq!(unbalanced("(……)"), None);
        assert_eq!(unbalanced("「a"), Some("`「` is never closed".into()));
        assert_eq!(unbalanced("a)"), Some("`)` closes nothing it matches".into()));
        assert_eq!(unbalanced("(「)」"), Some("`)` closes nothing it matches".into()));
    }

    #[test]
    fn texts_without_markup_have_an_empty_shape_either_way() {
        for text in ["Plain words 110200.", "「あ」(12345)", "x - y * z"] {
            assert_eq!(shape(text).items, 0);
            assert!(shape(text).code.is_empty() && shape(text).links.is_empty());
        }
        assert_eq!(shape("1. one\n2. two").items, 2);
        assert_eq!(shape("- a").items, 1);
    }

    #[test]
    fn shape_counts_items_links_code_and_emphasis() {
        let s = shape("- a `x` [l](http://e) *em* and __strong__\n- b");
        assert_eq!(s.items, 2);
        assert_eq!(s.links, ["http://e"]);
        assert_eq!(s.code, ["x"]);
        assert_eq!(s.emphasis, ["emphasis", "strong emphasis"]);
    }
}
