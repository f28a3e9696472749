//! Printing reasons for `explain` and `list`: plain text for the terminal, Markdown to paste
//! into a ticket, JSON for scripts.

use catalogue::Catalogue;
use catalogue::markup::{md_destination, md_link_text, md_text, plain};
use catalogue::present::{Labels, LinkView, ReasonView, ReferenceCodeView, Shown, label as ui, procedure};
use serde_json::{Value, json};

use crate::matching::{Found, How};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
    /// One JSON object a line, for streaming tools (`jq -c`, log shippers).
    Jsonl,
}

/// The reasons `explain` found.
pub fn explain(catalogue: &Catalogue, found: &Found<'_>, query: &str, lang: &str, format: Format) -> String {
    let labels = Labels::new(catalogue, lang);
    let groups: Vec<(String, String, Vec<ReasonView>)> = found
        .groups
        .iter()
        .map(|(model, reasons)| {
            let name = model.value.name.tr(lang).to_string();
            (model.key().to_string(), name, reasons.iter().map(|r| ReasonView::new(catalogue, r, &labels)).collect())
        })
        .collect();
    match format {
        Format::Text => groups
            .iter()
            .map(|(_, name, details)| text_group(catalogue, lang, name, details))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Markdown => groups
            .iter()
            .map(|(_, name, details)| markdown_group(catalogue, lang, name, details))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Json => {
            let matched_by = match found.how {
                How::Code => "code",
                How::Message => "message",
                How::CodeAfterMessage => "code-after-unknown-message",
            };
            let models: Vec<Value> = groups
                .iter()
                .map(|(key, name, details)| {
                    json!({ "key": key, "name": plain(name), "reasons": details.iter().map(|d| json_reason(catalogue, d)).collect::<Vec<_>>() })
                })
                .collect();
            let value = json!({ "query": query, "language": lang, "matched_by": matched_by, "count": found.count(), "models": models });
            let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
            out.push('\n');
            out
        }
        Format::Jsonl => groups
            .iter()
            .flat_map(|(_, _, details)| details.iter().map(|d| json_reason(catalogue, d)))
            .map(|reason| format!("{reason}\n"))
            .collect(),
    }
}

/// Indents every line after the first of a multi-line text.
fn indented(text: &str, indent: &str) -> String {
    text.lines().collect::<Vec<_>>().join(&format!("\n{indent}"))
}

/// On a terminal that shows them, an absolute address's text is an OSC 8 hyperlink; elsewhere
/// (a pipe, a file, `TERM=dumb`, or `NO_COLOR` set, which asks for no escape sequences) the text
/// alone, the address being printed beside it anyway.
fn hyperlink(text: &str, url: &str) -> String {
    use std::io::IsTerminal;
    let term = std::env::var("TERM").ok();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    osc8(text, url, escapes_shown(std::io::stdout().is_terminal(), term.as_deref(), no_color))
}

/// Does the output take escape sequences: a terminal, not a dumb one, and no `NO_COLOR`?
fn escapes_shown(terminal: bool, term: Option<&str>, no_color: bool) -> bool {
    terminal && term.is_some_and(|t| t != "dumb") && !no_color
}

fn osc8(text: &str, url: &str, terminal: bool) -> String {
    // Only a web address the link rules allow, with no character that could end the sequence.
    if terminal && catalogue::terminal::link_allowed(url) {
        format!("\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\")
    } else {
        text.to_string()
    }
}

fn text_group(catalogue: &Catalogue, lang: &str, model_name: &str, details: &[ReasonView]) -> String {
    let label = |key: &str| plain(&ui(catalogue, key, lang));
    let mut out = format!("{}\n", plain(model_name));
    for detail in details {
        out.push_str(&format!("\n  {}{}\n", plain(&detail.title), standing(catalogue, lang, &detail.title, plain)));
        if let Some(mark) = &detail.message_mark {
            out.push_str(&format!("    {}\n", plain(mark)));
        }
        out.push_str(&format!("    {}: {}\n", label("annotate_reason"), detail.id));
        let side_type = detail.side_type.as_ref().map(|t| format!(" ({})", plain(t))).unwrap_or_default();
        let side_mark = detail.side_mark.as_ref().map(|m| format!(" {}", plain(m))).unwrap_or_default();
        out.push_str(&format!("    {}: {}{side_type}{side_mark}\n", label("side"), plain(&detail.side_name)));
        if !detail.console.is_empty() {
            let texts: Vec<String> =
                detail.console.iter().map(|(_, t)| format!("“{}”", crate::terminal::shown(t))).collect();
            out.push_str(&format!("    {}: {}\n", label("console_text"), texts.join(", ")));
        }
        if let Some(types) = &detail.product_types_text {
            out.push_str(&format!("    {}: {}\n", label("product_types"), plain(types)));
        }
        if let Some(retired) = &detail.retired {
            out.push_str(&format!("    {} {}\n", label("retired"), indented(&plain(retired), "      ")));
        }
        out.push_str(&format!("    {}:\n", label("remedy")));
        if let Some(preface) = detail.remedy_preface() {
            out.push_str(&format!("      {}\n", indented(&plain(&preface), "      ")));
        }
        for (n, step) in detail.remedy.iter().enumerate() {
            let lead = step.lead.as_ref().map(|l| format!("{} ", plain(l))).unwrap_or_default();
            let mark = step.mark.as_ref().map(|m| format!(" {}", plain(m))).unwrap_or_default();
            let standing = standing(catalogue, lang, &step.text, plain);
            out.push_str(&format!(
                "      {}. {lead}{}{mark}{standing}\n",
                n + 1,
                indented(&plain(&step.text), "         ")
            ));
        }
        if !detail.notes.is_empty() {
            out.push_str(&format!("    {}:\n", label("notes")));
            if let Some(block) = &detail.notes_block {
                out.push_str(&format!("      {}\n", indented(&plain(block), "      ")));
            }
            for note in &detail.notes {
                let lead = note.lead.as_ref().map(|l| format!("{} ", plain(l))).unwrap_or_default();
                let mark = note.mark.as_ref().map(|m| format!(" {}", plain(m))).unwrap_or_default();
                let standing = standing(catalogue, lang, &note.text, plain);
                out.push_str(&format!("      - {lead}{}{mark}{standing}\n", indented(&plain(&note.text), "        ")));
            }
        }
        if !detail.links.is_empty() || detail.faq.is_some() {
            out.push_str(&format!("    {}:\n", label("links")));
            out.push_str(&text_links(&detail.links, "      "));
            if let Some(faq) = &detail.faq {
                out.push_str(&text_faq_link(faq, "FAQ", lang, "      "));
            }
        }
    }
    out
}

/// Links as terminal lines: the title, and the address where it is known.
fn text_links<'l>(links: impl IntoIterator<Item = &'l LinkView>, indent: &str) -> String {
    let mut out = String::new();
    for link in links {
        let title = plain(&link.title);
        match &link.url {
            Some(url) => out.push_str(&format!("{indent}- {} <{url}>\n", hyperlink(&title, url))),
            None => out.push_str(&format!("{indent}- {title}\n")),
        }
    }
    out
}

/// A link into the FAQ as a terminal line; a path in the project is no address a reader can
/// open, and says so.
fn text_faq_link(faq: &str, title: &str, lang: &str, indent: &str) -> String {
    let note = if faq.contains("://") { String::new() } else { crate::messages::say("faq_no_address", lang, &[]) };
    format!("{indent}- {} <{faq}>{note}\n", hyperlink(title, faq))
}

fn markdown_group(catalogue: &Catalogue, lang: &str, model_name: &str, details: &[ReasonView]) -> String {
    let label = |key: &str| ui(catalogue, key, lang);
    let mut out = format!("## {model_name}\n");
    for detail in details {
        let title = match &detail.faq {
            Some(faq) => format!("[{}]({})", md_link_text(&detail.title), md_destination(faq)),
            None => detail.title.to_string(),
        };
        let title = format!("{title}{}", standing(catalogue, lang, &detail.title, emphasised));
        // The parts and their order of the pages' reason (templates/reason.md.tera), with the
        // tool's own: the message's mark, which the pages say once in their legend, and the id.
        out.push_str(&format!("\n### {title}\n\n"));
        if let Some(retired) = &detail.retired {
            out.push_str(&format!("> **{}** {}\n\n", label("retired"), retired));
        }
        if let Some(mark) = &detail.message_mark {
            out.push_str(&format!("*{mark}*\n\n"));
        }
        out.push_str(&format!("- **{}**: {}\n", label("codes"), md_text(&detail.codes_text)));
        let side_type = detail.side_type.as_ref().map(|t| format!(" ({t})")).unwrap_or_default();
        let side_mark = detail.side_mark.as_ref().map(|m| format!(" *{m}*")).unwrap_or_default();
        out.push_str(&format!("- **{}**: {}{side_type}{side_mark}\n", label("side"), detail.side_name));
        if !detail.console.is_empty() {
            let texts: Vec<String> = detail.console.iter().map(|(_, t)| format!("“{}”", md_text(t))).collect();
            out.push_str(&format!("- **{}**: {}\n", label("console_text"), texts.join(", ")));
        }
        if let Some(types) = &detail.product_types_text {
            out.push_str(&format!("- **{}**: {}\n", label("product_types"), types));
        }
        out.push_str(&format!("- **{}**: {}\n", label("annotate_reason"), md_text(detail.id.as_str())));
        out.push_str(&format!("\n#### {}\n\n", label("remedy")));
        if let Some(preface) = detail.remedy_preface() {
            out.push_str(&format!("*{preface}*\n\n"));
        }
        for (n, step) in detail.remedy.iter().enumerate() {
            let lead = step.lead.as_ref().map(|l| format!("**{l}** ")).unwrap_or_default();
            let mark = step.mark.as_ref().map(|m| format!(" *{m}*")).unwrap_or_default();
            let standing = standing(catalogue, lang, &step.text, emphasised);
            out.push_str(&format!("{}. {lead}{}{mark}{standing}\n", n + 1, indented(&step.text, "   ")));
        }
        if !detail.notes.is_empty() {
            out.push_str(&format!("\n#### {}\n\n", label("notes")));
            if let Some(block) = &detail.notes_block {
                out.push_str(&format!("*{block}*\n\n"));
            }
            for note in &detail.notes {
                let lead = note.lead.as_ref().map(|l| format!("**{l}** ")).unwrap_or_default();
                let mark = note.mark.as_ref().map(|m| format!(" *{m}*")).unwrap_or_default();
                let standing = standing(catalogue, lang, &note.text, emphasised);
                out.push_str(&format!("- {lead}{}{mark}{standing}\n", indented(&note.text, "  ")));
            }
        }
        if !detail.links.is_empty() {
            out.push_str(&format!("\n#### {}\n\n", label("links")));
            out.push_str(&markdown_links(&detail.links));
        }
    }
    out
}

/// Links as a Markdown list: linked where the address is known.
fn markdown_links<'l>(links: impl IntoIterator<Item = &'l LinkView>) -> String {
    links
        .into_iter()
        .map(|link| match &link.url {
            Some(url) => format!("- [{}]({})\n", md_link_text(&link.title), md_destination(url)),
            None => format!("- {}\n", link.title),
        })
        .collect()
}

fn json_reason(catalogue: &Catalogue, detail: &ReasonView) -> Value {
    json!({
        "id": detail.id,
        "model": detail.model_key,
        "codes": detail.codes,
        "message": plain(&detail.message),
        "translation": json!({ "current": detail.translation.current, "stale": detail.translation.stale, "missing": detail.translation.missing }),
        "message_note": detail.message_mark.as_deref().map(plain),
        "console": detail.console.iter().map(|(lang, text)| json!({ "language": lang, "text": text })).collect::<Vec<_>>(),
        "remedy_note": detail.remedy_preface().as_deref().map(plain),
        "side": { "key": detail.side_key, "name": plain(&detail.side_name), "note": detail.side_mark.as_deref().map(plain) },
        "product_types": detail.product_types.iter().map(|(key, name)| json!({ "key": key, "name": plain(name) })).collect::<Vec<_>>(),
        "remedy": detail.remedy.iter().map(|s| json!({ "for": s.applies_to, "by": s.by.as_deref().map(plain), "text": plain(&s.text), "markdown": s.text.text, "source": s.origin.key(catalogue), "note": s.mark.as_deref().map(plain), "translation": translation_state(&s.text) })).collect::<Vec<_>>(),
        "notes": detail.notes.iter().filter(|n| n.shared_code.is_none()).map(|n| plain(&n.text)).collect::<Vec<_>>(),
        "note_sources": detail.notes.iter().filter(|n| n.shared_code.is_none()).map(|n| n.origin.key(catalogue)).collect::<Vec<_>>(),
        "shared_codes": detail.notes.iter().filter_map(|n| Some(json!({ "code": n.shared_code.as_ref()?, "note": plain(&n.text), "source": n.origin.key(catalogue) }))).collect::<Vec<_>>(),
        "links": detail.links.iter().map(|l| json!({ "key": l.key, "title": plain(&l.title), "url": l.url })).collect::<Vec<_>>(),
        "retired": detail.retired.as_deref().map(plain),
        "faq": detail.faq,
    })
}

/// What `explain` says of a reference code (a number the user is shown): what the sources say of
/// it, and for an authentication error's, the procedure that finds the reason.
pub fn explain_reference(
    catalogue: &Catalogue,
    entry: &catalogue::Keyed<String, catalogue::ReferenceCodes>,
    code: &str,
    lang: &str,
    format: Format,
) -> String {
    let labels = Labels::new(catalogue, lang);
    let view = ReferenceCodeView::new(catalogue, entry, &labels);
    let steps = if view.authentication { procedure(catalogue, &labels) } else { Vec::new() };
    let links = view.links_for(code);
    // The page of the number where the pages are published, else its entry in the FAQ.
    let page = match catalogue.site_url() {
        Some(_) => Some(catalogue.page_url(&catalogue::site::code_page_of(lang, code, "html"))),
        None => catalogue::present::faq_link(catalogue, lang, &catalogue::anchors::reference(&view.key)),
    };
    let label = |key: &str| ui(catalogue, key, lang);
    let heading = catalogue.document().page.procedure_heading.tr(lang);
    match format {
        Format::Text => {
            let mut out = format!("{} {code}: {}\n", plain(&label("reference_code")), plain(&view.title));
            out.push_str(&format!("  {}\n", marked_line(&view.meaning.text, view.meaning.mark.as_deref())));
            if !view.authentication {
                out.push_str(&format!("  {}\n", plain(&label("not_authentication"))));
            }
            if let Some(block) = &view.notes.mark {
                out.push_str(&format!("  {}\n", plain(block)));
            }
            for note in &view.notes.items {
                out.push_str(&format!("  - {}\n", indented(&marked_line(&note.text, note.mark.as_deref()), "    ")));
            }
            if !steps.is_empty() {
                out.push_str(&format!("\n{}\n", plain(heading)));
                for step in &steps {
                    let by = step.by.as_ref().map(|b| format!("{} ", plain(b))).unwrap_or_default();
                    out.push_str(&format!(
                        "\n  {}\n    {by}{}\n",
                        plain(&step.title),
                        indented(&marked_line(&step.body.text, step.body.mark.as_deref()), "    ")
                    ));
                    if let Some(mark) = &step.notes.mark {
                        out.push_str(&format!("    {}\n", plain(mark)));
                    }
                    for note in &step.notes.items {
                        out.push_str(&format!(
                            "    {}\n",
                            indented(&marked_line(&note.text, note.mark.as_deref()), "    ")
                        ));
                    }
                    if let Some(mark) = step.items.mark.as_ref().filter(|_| !step.items.items.is_empty()) {
                        out.push_str(&format!("    {}\n", plain(mark)));
                    }
                    for (n, item) in step.items.items.iter().enumerate() {
                        out.push_str(&format!("      {}. {}\n", n + 1, marked_line(&item.text, item.mark.as_deref())));
                    }
                }
                out.push_str(&format!("\n  {}\n", crate::messages::say("reference_next", lang, &[])));
            }
            if !links.is_empty() || page.is_some() {
                out.push_str(&format!("\n  {}:\n", plain(&label("links"))));
                out.push_str(&text_links(links.iter().copied(), "    "));
                if let Some(page) = &page {
                    out.push_str(&text_faq_link(page, "FAQ", lang, "    "));
                }
            }
            out
        }
        Format::Markdown => {
            let mut out = format!("## {} {code}: {}\n\n", label("reference_code"), view.title);
            out.push_str(&format!("{}\n", marked_markdown(&view.meaning.text, view.meaning.mark.as_deref())));
            if !view.authentication {
                out.push_str(&format!("\n{}\n", label("not_authentication")));
            }
            if !view.notes.items.is_empty() {
                out.push('\n');
                if let Some(block) = &view.notes.mark {
                    out.push_str(&format!("*{block}*\n\n"));
                }
                for note in &view.notes.items {
                    out.push_str(&format!("- {}\n", marked_markdown(&note.text, note.mark.as_deref())));
                }
            }
            if !steps.is_empty() {
                out.push_str(&format!("\n### {heading}\n"));
                for step in &steps {
                    let by = step.by.as_ref().map(|b| format!("**{b}** ")).unwrap_or_default();
                    out.push_str(&format!(
                        "\n#### {}\n\n{by}{}\n",
                        step.title,
                        marked_markdown(&step.body.text, step.body.mark.as_deref())
                    ));
                    if let Some(mark) = &step.notes.mark {
                        out.push_str(&format!("\n*{mark}*\n"));
                    }
                    for note in &step.notes.items {
                        out.push_str(&format!("\n{}\n", marked_markdown(&note.text, note.mark.as_deref())));
                    }
                    if !step.items.items.is_empty() {
                        if let Some(mark) = &step.items.mark {
                            out.push_str(&format!("\n*{mark}*\n"));
                        }
                        out.push('\n');
                        for (n, item) in step.items.items.iter().enumerate() {
                            out.push_str(&format!(
                                "{}. {}\n",
                                n + 1,
                                marked_markdown(&item.text, item.mark.as_deref())
                            ));
                        }
                    }
                }
            }
            if !links.is_empty() {
                out.push_str(&format!("\n**{}**\n\n", label("links")));
                out.push_str(&markdown_links(links.iter().copied()));
            }
            out
        }
        Format::Json | Format::Jsonl => {
            let marked = |m: &catalogue::present::Marked| json!({ "text": plain(&m.text), "markdown": m.text.text, "source": m.origin.key(catalogue), "note": m.mark.as_deref().map(plain), "translation": translation_state(&m.text) });
            let value = json!({
                "query": code,
                "language": lang,
                "matched_by": "reference-code",
                "reference_code": {
                    "code": code,
                    "key": view.key,
                    "codes": view.codes,
                    "authentication": view.authentication,
                    "title": plain(&view.title),
                    "meaning": marked(&view.meaning),
                    "notes": view.notes.items.iter().map(marked).collect::<Vec<_>>(),
                    "procedure": steps.iter().map(|s| json!({
                        "title": plain(&s.title),
                        "by": s.by.as_deref().map(plain),
                        "body": marked(&s.body),
                        "notes": s.notes.items.iter().map(marked).collect::<Vec<_>>(),
                        "items": s.items.items.iter().map(marked).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                    "links": links.iter().map(|l| json!({ "key": l.key, "title": plain(&l.title), "url": l.url })).collect::<Vec<_>>(),
                    "page": page,
                },
            });
            if format == Format::Jsonl {
                format!("{value}\n")
            } else {
                let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
                out.push('\n');
                out
            }
        }
    }
}

/// What is said after a text whose translation is stale, or missing and shown in the source
/// language: `format` shapes it for the output (plain, or emphasised Markdown).
fn standing(catalogue: &Catalogue, lang: &str, text: &Shown, format: fn(&str) -> String) -> String {
    let key = match (&text.fallback, text.stale) {
        (Some(_), _) => "translation_missing",
        (None, true) => "translation_stale",
        (None, false) => return String::new(),
    };
    format!(" {}", format(&ui(catalogue, key, lang)))
}

/// A mark in Markdown's emphasis.
fn emphasised(text: &str) -> String {
    format!("*{text}*")
}

/// How a text's translation stands, as JSON says it: `current`, `stale` or `missing`.
fn translation_state(text: &Shown) -> &'static str {
    match (&text.fallback, text.stale) {
        (Some(_), _) => "missing",
        (None, true) => "stale",
        (None, false) => "current",
    }
}

/// A text as a terminal line, its mark after it.
fn marked_line(text: &str, mark: Option<&str>) -> String {
    match mark {
        Some(mark) => format!("{} {}", plain(text), plain(mark)),
        None => plain(text),
    }
}

/// A text in Markdown, its mark after it in italics.
fn marked_markdown(text: &str, mark: Option<&str>) -> String {
    match mark {
        Some(mark) => format!("{text} *{mark}*"),
        None => text.to_string(),
    }
}

/// Every code and reason, one per line, in code order, then the catalogue's order of models.
pub fn list(catalogue: &Catalogue, model: Option<&str>, lang: &str, format: Format) -> String {
    let mut rows: Vec<(u64, usize, &str, String, String, String)> = Vec::new();
    for (order, model_entry) in catalogue.models().iter().enumerate() {
        if model.is_some_and(|m| m != model_entry.key()) {
            continue;
        }
        for reason in catalogue.reasons_of(model_entry.key()) {
            for code in reason.codes() {
                let number = code.as_str().parse::<u64>().unwrap_or(u64::MAX);
                rows.push((
                    number,
                    order,
                    code.as_str(),
                    model_entry.key().to_string(),
                    reason.id().to_string(),
                    plain(reason.message.tr(lang)),
                ));
            }
        }
    }
    rows.sort_by_key(|r| (r.0, r.1));
    match format {
        Format::Text => {
            let code_width = rows.iter().map(|r| r.2.len()).max().unwrap_or(0);
            let model_width = rows.iter().map(|r| r.3.len()).max().unwrap_or(0);
            let id_width = rows.iter().map(|r| r.4.len()).max().unwrap_or(0);
            let (code, model, message) = (
                plain(&ui(catalogue, "reason_code", lang)),
                plain(&ui(catalogue, "model", lang)),
                plain(&ui(catalogue, "message", lang)),
            );
            // Widths in characters, as a terminal shows them (labels may be Japanese).
            let width = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
            let (code_width, model_width) =
                (code_width.max(code.chars().count()), model_width.max(model.chars().count()));
            let id = plain(&ui(catalogue, "annotate_reason", lang));
            let id_width = id_width.max(id.chars().count());
            let header = format!(
                "{}  {}  {}  {message}\n",
                width(&code, code_width),
                width(&model, model_width),
                width(&id, id_width)
            );
            header
                + &rows
                    .iter()
                    .map(|(_, _, code, model, id, message)| {
                        format!("{code:<code_width$}  {model:<model_width$}  {id:<id_width$}  {message}\n")
                    })
                    .collect::<String>()
        }
        Format::Markdown => {
            let header = format!(
                "| {} | {} | {} | {} |\n|---|---|---|---|\n",
                ui(catalogue, "reason_code", lang),
                ui(catalogue, "model", lang),
                ui(catalogue, "annotate_reason", lang),
                ui(catalogue, "message", lang)
            );
            let cell = |s: &str| catalogue::markup::table_cell(&md_text(s));
            header
                + &rows
                    .iter()
                    .map(|(_, _, code, model, id, message)| {
                        format!("| {code} | {model} | `{id}` | {} |\n", cell(message))
                    })
                    .collect::<String>()
        }
        Format::Jsonl => rows
            .iter()
            .map(|(_, _, code, model, id, message)| {
                format!("{}\n", json!({ "code": code, "model": model, "id": id, "message": message }))
            })
            .collect(),
        Format::Json => {
            let items: Vec<Value> = rows
                .iter()
                .map(|(_, _, code, model, id, message)| json!({ "code": code, "model": model, "id": id, "message": message }))
                .collect();
            let mut out =
                serde_json::to_string_pretty(&json!({ "language": lang, "reasons": items })).unwrap_or_default();
            out.push('\n');
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{escapes_shown, osc8};

    #[test]
    fn escape_sequences_only_on_a_terminal_that_is_no_dumb_one_and_without_no_color() {
        assert!(escapes_shown(true, Some("xterm-256color"), false));
        assert!(!escapes_shown(false, Some("xterm"), false), "a pipe or a file");
        assert!(!escapes_shown(true, Some("dumb"), false));
        assert!(!escapes_shown(true, None, false));
        assert!(!escapes_shown(true, Some("xterm"), true), "NO_COLOR");
    }

    #[test]
    fn absolute_web_addresses_become_terminal_hyperlinks_and_nothing_else_does() {
        assert_eq!(osc8("FAQ", "https://example.org/a", true), "\x1b]8;;https://example.org/a\x1b\\FAQ\x1b]8;;\x1b\\");
        assert_eq!(osc8("FAQ", "https://example.org/a", false), "FAQ");
        assert_eq!(osc8("FAQ", "docs/en/faq.html#x", true), "FAQ");
        assert_eq!(osc8("FAQ", "https://example.org/\x1b]8;;evil", true), "FAQ");
    }
}
