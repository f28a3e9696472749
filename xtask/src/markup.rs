//! Rendering one catalogue text (CommonMark) for each output: Markdown, HTML and plain text.
//!
//! Catalogue texts are data, never markup to trust: raw HTML in a text is shown as text in
//! every output, so a text containing `<script>` can neither run nor break a page.

use catalogue::markup::is_plain;
use pulldown_cmark::{Event, Options, Parser};
use serde::Serialize;

/// A text in the three forms the templates need, each kept as Tera's value, so that a view is
/// converted for Tera without copying its texts. Its Markdown and HTML forms are safe values
/// (escaped for their grammar when they were made here), printed as they are: `{{ text.md }}`,
/// `{{ text.html }}`; its plain form is a text like any other, escaped where it is printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendered {
    /// CommonMark with any raw HTML neutralised, for the Markdown FAQ.
    md: tera::Value,
    /// HTML, without a wrapping paragraph when the text is one paragraph.
    html: tera::Value,
    /// The words alone, for attributes, titles, CSV cells and search.
    plain: tera::Value,
}

impl Default for Rendered {
    fn default() -> Self {
        Rendered::of("", "", "")
    }
}

impl Rendered {
    pub fn new(text: &str) -> Self {
        if is_plain(text) {
            // No character CommonMark gives a meaning here: every form is the text itself.
            return Rendered::of(text, &escape_html(text), text);
        }
        Rendered::parsed(text)
    }

    /// The forms as they are: Markdown and HTML already escaped for their grammar.
    fn of(md: &str, html: &str, plain: &str) -> Self {
        Rendered {
            md: tera::Value::safe_string(md),
            html: tera::Value::safe_string(html),
            plain: tera::Value::normal_string(plain),
        }
    }

    /// CommonMark with any raw HTML neutralised.
    pub fn md(&self) -> &str {
        self.md.as_str().unwrap_or_default()
    }

    /// HTML, without a wrapping paragraph when the text is one paragraph.
    pub fn html(&self) -> &str {
        self.html.as_str().unwrap_or_default()
    }

    /// The words alone.
    pub fn plain(&self) -> &str {
        self.plain.as_str().unwrap_or_default()
    }

    /// The three forms from one parse of the text: what [`markdown`], [`html`] and [`plain`]
    /// give, each of which parses it again.
    fn parsed(text: &str) -> Self {
        let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
            Parser::new_ext(text, options()).into_offset_iter().collect();
        let md = markdown_of(text, &events);
        let raw_as_text = events.iter().map(|(event, _)| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw.clone()),
            other => other.clone(),
        });
        let html = html_of(text, raw_as_text);
        let plain = catalogue::markup::plain_of(events.into_iter().map(|(event, _)| event));
        Rendered::of(&md, &html, &plain)
    }

    /// A text that is not CommonMark but literal words (a console's wording): every form shows
    /// it character for character.
    pub fn literal(text: &str) -> Self {
        Rendered::of(&catalogue::markup::md_text(text), &escape_html(text), text)
    }

    /// Fills `{name}` placeholders of a rendered pattern with already rendered values.
    pub fn fill(pattern: &Rendered, values: &[(&str, &Rendered)]) -> Self {
        let form = |form: fn(&Rendered) -> &str| {
            let values: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, form(value))).collect();
            catalogue::present::fill(form(pattern), &values)
        };
        Rendered::of(&form(Rendered::md), &form(Rendered::html), &form(Rendered::plain))
    }

    /// A text as a page shows it, with how its translation stands: a draft language's missing
    /// text in the source language, inside an element that says its language, then `missing`;
    /// a translation made from an older source text, then `stale`.
    pub fn shown(shown: &catalogue::present::Shown, standing: &Standing) -> Self {
        let words = Rendered::new(shown);
        let (lang, mark) = match (&shown.fallback, shown.stale) {
            (Some(lang), _) => (Some(lang.as_str()), Some(&standing.missing)),
            (None, true) => (None, Some(&standing.stale)),
            (None, false) => return words,
        };
        let mark = mark.unwrap_or(&standing.stale);
        let html = match lang {
            Some(lang) => format!("<span lang=\"{}\">{}</span>", escape_html(lang), words.html()),
            None => words.html().to_string(),
        };
        Rendered::of(
            &format!("{} *{}*", words.md(), mark.md()),
            &format!("{html} <span class=\"origin translation\">{}</span>", mark.html()),
            &format!("{} {}", words.plain(), mark.plain()),
        )
    }

    /// Joins rendered texts with a separator, which is taken literally (spaces kept).
    pub fn join(items: &[Rendered], separator: &str) -> Self {
        let html_separator = escape_html(separator);
        let join = |form: fn(&Rendered) -> &str, sep: &str| items.iter().map(form).collect::<Vec<_>>().join(sep);
        Rendered::of(
            &join(Rendered::md, separator),
            &join(Rendered::html, &html_separator),
            &join(Rendered::plain, separator),
        )
    }
}

/// What a page says after a text whose translation is missing (shown in the source language)
/// or stale, in the page's language, rendered once.
#[derive(Debug, Clone)]
pub struct Standing {
    pub missing: Rendered,
    pub stale: Rendered,
}

impl Standing {
    /// The marks of `lang`, from the catalogue's `[ui] translation_missing` and
    /// `translation_stale` labels.
    pub fn new(catalogue: &catalogue::Catalogue, lang: &str) -> Standing {
        let label = |key: &str| Rendered::new(&catalogue::present::label(catalogue, key, lang));
        Standing { missing: label("translation_missing"), stale: label("translation_stale") }
    }
}

/// Escapes text the way pulldown-cmark's HTML writer escapes text.
fn escape_html(text: &str) -> String {
    catalogue::markup::html_text(text)
}

fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH
}

/// HTML for a text. Raw HTML becomes escaped text; a single paragraph is unwrapped.
pub fn html(text: &str) -> String {
    let events = Parser::new_ext(text, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    html_of(text, events)
}

/// [`html`] of a text's events, raw HTML already made text.
fn html_of<'e>(text: &str, events: impl Iterator<Item = Event<'e>>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    pulldown_cmark::html::push_html(&mut out, events);
    let trimmed = out.trim_end();
    match trimmed.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// The text as CommonMark, with every piece of raw HTML escaped so it renders as text.
pub fn markdown(text: &str) -> String {
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(text, options()).into_offset_iter().collect();
    markdown_of(text, &events)
}

/// [`markdown`] of a text's events with their places.
fn markdown_of(text: &str, events: &[(Event<'_>, std::ops::Range<usize>)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (event, range) in events {
        let range = range.clone();
        if let Event::Html(_) | Event::InlineHtml(_) = event {
            if range.start < last {
                continue;
            }
            out.push_str(&text[last..range.start]);
            out.push_str(&text[range.clone()].replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
            last = range.end;
        }
    }
    out.push_str(&text[last..]);
    out.trim().to_string()
}

/// The words of a text without markup (shared with the administrators' tool).
pub use catalogue::markup::plain;

/// Text for XML character data or a quoted attribute (shared with the workbooks).
pub use catalogue::markup::xml_text;

/// A Rust string literal holding `text` exactly: quotes, backslashes, line breaks, control
/// and invisible characters (bidirectional overrides among them, which rustc refuses to
/// compile unescaped) are written as escapes.
pub fn rust_string(text: &str) -> String {
    if text.chars().all(needs_no_escape) {
        // Most messages: printable ASCII and Japanese, written as they are.
        let mut out = String::with_capacity(text.len() + 2);
        out.push('"');
        out.push_str(text);
        out.push('"');
        return out;
    }
    format!("{text:?}")
}

/// Characters a Rust string literal holds as they are and `{:?}` never escapes: printable ASCII
/// but the quote and the backslash, Japanese punctuation, kana (not the combining sound marks),
/// common ideographs and full-width forms. Everything else takes `{:?}`.
fn needs_no_escape(c: char) -> bool {
    matches!(c, ' '..='~') && c != '"' && c != '\\'
        || matches!(c, '\u{3001}'..='\u{3029}' | '\u{3030}'..='\u{303F}' | '\u{3041}'..='\u{3096}' | '\u{309B}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF01}'..='\u{FF9D}')
}

/// The Markdown escaping routines, one per place in a document (shared with `mcauth`).
pub use catalogue::markup::{md_code, md_destination, md_link_text, md_text, table_cell};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_strings_written_as_they_are_are_what_debug_would_write() {
        let ranges = [' '..='~', '\u{3000}'..='\u{30FF}', '\u{4E00}'..='\u{9FFF}', '\u{FF00}'..='\u{FFEF}'];
        for c in ranges.into_iter().flatten() {
            for text in [c.to_string(), format!("a{c}"), format!("{c}a")] {
                assert_eq!(rust_string(&text), format!("{text:?}"), "{c:?} U+{:04X}", c as u32);
            }
        }
        assert_eq!(rust_string("a\"b\\c\n\u{202E}"), "\"a\\\"b\\\\c\\n\\u{202e}\"");
    }

    #[test]
    fn raw_html_is_text_in_every_form() {
        let r = Rendered::new("Run <script>alert(1)</script> now");
        assert_eq!(r.html(), "Run &lt;script&gt;alert(1)&lt;/script&gt; now");
        assert_eq!(r.md(), "Run &lt;script&gt;alert(1)&lt;/script&gt; now");
        assert_eq!(r.plain(), "Run <script>alert(1)</script> now");
        let block = Rendered::new("<div onclick=x>\nhi\n</div>");
        assert!(!block.html().contains("<div"), "{}", block.html());
        assert!(!block.md().contains("<div"), "{}", block.md());
    }

    #[test]
    fn inline_markup_is_kept() {
        let r = Rendered::new("Use `mc_viewer.exe` [User management]");
        assert_eq!(r.html(), "Use <code>mc_viewer.exe</code> [User management]");
        assert_eq!(r.md(), "Use `mc_viewer.exe` [User management]");
        assert_eq!(r.plain(), "Use mc_viewer.exe [User management]");
        assert_eq!(Rendered::new("a <b").html(), "a &lt;b");
    }

    #[test]
    fn the_plain_fast_path_renders_exactly_as_the_parser_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let catalogue = std::fs::read_to_string(root.join("catalogue/auth-errors.toml")).unwrap();
        let mut samples: Vec<String> = catalogue
            .lines()
            .flat_map(|line| line.split('"').skip(1).step_by(2).map(str::to_string).collect::<Vec<_>>())
            .collect();
        samples.extend(
            [
                "a [b] c",
                "x ] y [",
                "1 item",
                "110200",
                "12 items",
                "1) x",
                "2. y",
                "mc_viewer.exe",
                "(……)",
                "a'b",
                "Deutsch",
            ]
            .map(String::from),
        );
        let mut fast = 0;
        for text in &samples {
            fast += usize::from(is_plain(text));
            let slow = Rendered::of(&markdown(text), &html(text), &plain(text));
            assert_eq!(Rendered::new(text), slow, "{text:?}");
        }
        assert!(fast > samples.len() / 2, "the fast path is taken for most texts");
        assert!(fast < samples.len(), "and the parser for some");
    }

    #[test]
    fn every_short_text_renders_as_each_form_s_own_parse_renders_it() {
        let alphabet: Vec<char> = "a1 .)#-+*_[]()<&!\n\tあ".chars().collect();
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            texts.extend(longer);
        }
        // Plain texts take the fast path, the others one parse for all three forms: each is
        // what the three renderings give, each parsing the text on its own.
        let mut fast = 0;
        for text in &texts {
            fast += usize::from(is_plain(text));
            let slow = Rendered::of(&markdown(text), &html(text), &plain(text));
            assert_eq!(Rendered::new(text), slow, "{text:?}");
        }
        assert!(fast > 1000 && texts.len() - fast > 1000, "{fast} of {}", texts.len());
    }

    #[test]
    fn values_cannot_become_markdown_markup() {
        // A renderer that trusts raw HTML, as GitHub's or a static-site generator's may.
        let parsed = |md: &str| {
            let mut out = String::new();
            pulldown_cmark::html::push_html(&mut out, Parser::new(md));
            out
        };
        let name = "<img src=x onerror=alert(1)> *x* [a](javascript:b)";
        let out = parsed(&format!("[{}](#top)", md_text(name)));
        assert!(!out.contains("<img") && !out.contains("javascript:b\""), "{out}");
        assert!(out.contains("href=\"#top\""), "{out}");
        let url = "https://e.org/a)(b) \\<x>&amp;";
        let out = parsed(&format!("[t]({})", md_destination(url)));
        assert!(out.contains("href=\"https://e.org/a)(b)%20%5C%3Cx%3E&amp;amp;\""), "{out}");
        let text = "a] (javascript:alert(1)) `[c]` \\[d\\] <https://x>";
        let out = parsed(&format!("[{}](#top)", md_link_text(text)));
        assert_eq!(out.matches("<a ").count(), 1, "{out}");
        assert!(out.contains("<code>[c]</code>") && out.contains("[d]"), "{out}");
        // Without inline code, and without anything to escape.
        let text = "a] (javascript:alert(1)) \\[d\\] <https://x>";
        let out = parsed(&format!("[{}](#top)", md_link_text(text)));
        assert_eq!(out.matches("<a ").count(), 1, "{out}");
        assert!(out.contains("a] (javascript:alert(1)) [d] &lt;https://x&gt;</a>"), "{out}");
        assert_eq!(md_link_text("plain *words*"), "plain *words*");
        assert_eq!(table_cell("a | b \\| c\nd"), "a \\| b \\| c d");
        assert_eq!(table_cell("a\r\nb"), "a  b");
        assert_eq!(table_cell("plain"), "plain");
    }

    /// For Tera, the Markdown and HTML forms are escaped already and printed as they are; the
    /// plain form is escaped where it is printed.
    #[test]
    fn for_tera_the_markup_forms_are_safe_and_the_plain_form_is_not() {
        let value = tera::Value::from_serializable(&Rendered::new("<b>&</b> *x*"));
        let form = |name: &str| value.as_map().and_then(|m| m.get(&tera::value::Key::Str(name))).cloned().unwrap();
        assert!(form("md").is_safe() && form("html").is_safe() && !form("plain").is_safe());
        assert_eq!(form("html").as_str(), Some("&lt;b&gt;&amp;&lt;/b&gt; <em>x</em>"));
        assert_eq!(form("plain").as_str(), Some("<b>&</b> x"));
    }

    #[test]
    fn separators_are_literal() {
        let joined = Rendered::join(&[Rendered::new("A"), Rendered::new("B")], ", ");
        assert_eq!((joined.md(), joined.html(), joined.plain()), ("A, B", "A, B", "A, B"));
        assert_eq!(Rendered::join(&[Rendered::new("x"), Rendered::new("y")], " & ").html(), "x &amp; y");
    }

    #[test]
    fn patterns_are_filled_per_form() {
        let message = Rendered::new("A & `b`");
        let codes = Rendered::new("110200");
        let title =
            Rendered::fill(&Rendered::new("“{message}” ({codes})"), &[("message", &message), ("codes", &codes)]);
        assert_eq!(title.plain(), "“A & b” (110200)");
        assert_eq!(title.html(), "“A &amp; <code>b</code>” (110200)");
        assert_eq!(title.md(), "“A & `b`” (110200)");
    }
}
