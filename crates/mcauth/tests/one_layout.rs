//! One presentation of a reason: the FAQ pages, the code pages (Markdown and HTML) and
//! `mcauth explain --format markdown` show the same parts of a reason in the same order. The
//! reason is chosen by what it has (product types, steps, notes, links), not by its words.

mod common;

use catalogue::markup::plain;
use common::{mcauth, project_root, real_catalogue};

/// A page's text as a reader sees it: tags removed and entities decoded (HTML), or markup
/// removed (Markdown); spaces folded.
fn words(text: &str, html: bool) -> String {
    let text = if html {
        let mut out = String::new();
        let mut in_tag = false;
        for c in text.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
    } else {
        text.lines().map(plain).collect::<Vec<_>>().join(" ")
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where each part is in `text`, searching on from the previous part; `None` for a part missing
/// or out of order.
fn positions(text: &str, parts: &[String]) -> Vec<Option<usize>> {
    let mut from = 0;
    parts
        .iter()
        .map(|part| {
            let at = text[from..].find(part.as_str()).map(|at| at + from)?;
            from = at + part.len();
            Some(at)
        })
        .collect()
}

#[test]
fn every_output_shows_a_reason_s_parts_in_one_order() {
    let catalogue = real_catalogue();
    let lang = "en";
    let reason = catalogue
        .reasons()
        .iter()
        .find(|r| {
            !r.product_types.is_empty() && !r.notes.is_empty() && !r.links.is_empty() && r.remedy.get_ref().len() > 1
        })
        .expect("a reason with product types, several steps, notes and links");
    let label = |key: &str| plain(catalogue.ui(key).unwrap().tr(lang));
    let first_words = |text: &str| plain(text).split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    // The parts, in order: title, codes, side, product types, remedy and its steps, notes and
    // theirs, links and theirs.
    let mut parts = vec![
        first_words(reason.message.tr(lang)),
        label("codes"),
        label("side"),
        label("product_types"),
        label("remedy"),
    ];
    parts.extend(reason.remedy.get_ref().iter().map(|s| first_words(s.text.tr(lang))));
    parts.push(label("notes"));
    parts.extend(reason.notes.iter().map(|n| first_words(n.tr(lang))));
    parts.push(label("links"));
    parts.extend(reason.links.iter().map(|l| plain(catalogue.link(l.get_ref()).unwrap().title.tr(lang))));

    let code = reason.codes().next().unwrap().to_string();
    let id = reason.id().to_string();
    let docs = project_root().join("docs").join(lang);
    let read = |path: &std::path::Path| std::fs::read_to_string(path).unwrap();
    // Each output's block of the reason: from its anchor to the next reason's.
    let block = |text: &str, start: &str, next: &str| -> String {
        let from = text.find(start).unwrap_or_else(|| panic!("{start} not found"));
        let rest = &text[from + start.len()..];
        rest[..rest.find(next).unwrap_or(rest.len())].to_string()
    };
    let explain = mcauth(&["explain", &code, "--format", "markdown", "--lang", lang]).stdout();
    let title = plain(reason.message.tr(lang));
    let outputs = [
        (
            "FAQ (Markdown)",
            words(&block(&read(&docs.join("faq.md")), &format!("<a id=\"{id}\"></a>"), "\n<a id=\""), false),
        ),
        ("FAQ (HTML)", words(&block(&read(&docs.join("faq.html")), &format!("id=\"{id}\""), "</details>"), true)),
        (
            "code page (Markdown)",
            words(
                &block(&read(&docs.join(format!("codes/{code}.md"))), &format!("<a id=\"{id}\"></a>"), "\n<a id=\""),
                false,
            ),
        ),
        (
            "code page (HTML)",
            words(&block(&read(&docs.join(format!("codes/{code}.html"))), &format!("id=\"{id}\""), "</details>"), true),
        ),
        ("mcauth explain --format markdown", words(&block(&explain, &title, "\n### "), false)),
    ];
    let first_part = &parts[0];
    for (name, text) in &outputs {
        // The title is where each block starts (mcauth's block starts after it).
        let text = if name.starts_with("mcauth") { format!("{first_part} {text}") } else { text.clone() };
        let found = positions(&text, &parts);
        let missing: Vec<&String> = parts.iter().zip(&found).filter(|(_, at)| at.is_none()).map(|(p, _)| p).collect();
        assert!(missing.is_empty(), "{name}: missing or out of order: {missing:?}\n{text}");
    }
}
