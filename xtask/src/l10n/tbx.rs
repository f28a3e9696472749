//! The glossary as TBX-Basic, the termbase format translation tools import (Weblate, memoQ,
//! Trados MultiTerm, Translate Toolkit): one `<termEntry>` per glossary entry, its term in every
//! language, its definition in the source language, and whether the catalogue holds every
//! translation to it (`enforce`).

use std::fmt::Write as _;

use catalogue::Document;

/// The glossary of `document` as a TBX-Basic file.
pub fn export(document: &Document, file: &str) -> String {
    let source_language = document.meta.source_language.get_ref().as_str();
    let languages: Vec<&str> = std::iter::once(source_language)
        .chain(document.languages.iter().map(|l| l.key().as_str()).filter(|&l| l != source_language))
        .collect();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<!DOCTYPE martif SYSTEM \"TBXBasiccoreStructV02.dtd\">\n");
    let _ = writeln!(out, "<martif type=\"TBX-Basic\" xml:lang=\"{}\">", escape(source_language));
    let _ = writeln!(
        out,
        "<martifHeader>\n<fileDesc>\n<sourceDesc>\n<p>{}</p>\n</sourceDesc>\n</fileDesc>\n<encodingDesc>\n<p type=\"XCSURI\">TBXBasicXCSV02.xcs</p>\n</encodingDesc>\n</martifHeader>",
        escape(&format!("The glossary of {}, from {file}.", document.meta.title.tr(source_language)))
    );
    out.push_str("<text>\n<body>\n");
    for entry in &document.glossary {
        let term = &entry.value.term;
        let _ = writeln!(out, "<termEntry id=\"{}\">", escape(entry.key().as_str()));
        let definition = entry.value.definition.tr(source_language);
        let _ =
            writeln!(out, "<descrip type=\"definition\">{}</descrip>", escape(&catalogue::markup::plain(definition)));
        if entry.value.enforce {
            let _ =
                writeln!(out, "<note>Every translation uses this term (enforced by the catalogue's checks).</note>");
        }
        for lang in &languages {
            let Some(words) = term.get(lang) else { continue };
            let _ = writeln!(
                out,
                "<langSet xml:lang=\"{}\">\n<tig>\n<term>{}</term>\n<termNote type=\"partOfSpeech\">noun</termNote>\n</tig>\n</langSet>",
                escape(lang),
                escape(words)
            );
        }
        out.push_str("</termEntry>\n");
    }
    out.push_str("</body>\n</text>\n</martif>\n");
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
