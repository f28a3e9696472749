//! The FAQ of each language, in Markdown and as a standalone HTML page.
//!
//! The pages (`faq.*.tera`) are rendered first with a marker where each reason's block and each
//! row of the code index goes, which keeps them small whatever the catalogue's size. Then each
//! page is given to the sink in pieces: the text up to a marker, then that reason's block
//! (`faq-reason.*.tera`) or that code's row (`faq-code-row.*.tera`), rendered there and then,
//! in both formats at once. Only one reason's or row's view and blocks are alive at a time, and
//! no page is ever held whole.

use std::path::PathBuf;

use serde::Serialize;

use super::{Artefact, Input};
use crate::generate::{GenerateError, Sink};
use crate::view;

/// The base name of the FAQ pages (`docs/<lang>/faq.md`, `docs/<lang>/faq.html`).
pub const FAQ: &str = "faq";

/// The pages it renders, one file each.
const PAGES: &[&str] = &["faq.md.tera", "faq.html.tera"];
/// A reason's blocks, in the order of the pages.
const BLOCKS: &[&str] = &["faq-reason.md.tera", "faq-reason.html.tera"];
/// A code's rows of the code index, in the order of the pages.
const ROWS: &[&str] = &["faq-code-row.md.tera", "faq-code-row.html.tera"];
/// Every template it needs: the pages, their reasons' blocks, their rows and what they include.
const TEMPLATES: &[&str] = &[
    "faq.md.tera",
    "faq.html.tera",
    "faq-reason.md.tera",
    "faq-reason.html.tera",
    "faq-code-row.md.tera",
    "faq-code-row.html.tera",
    "style.css.tera",
];

/// What a page places: a reason's block or a code's row.
#[derive(Clone, Copy)]
enum Piece<'c> {
    Reason(&'c catalogue::Reason),
    Row(&'c str),
}

/// What a reason's block is rendered from, beside the values every block shares.
#[derive(Serialize)]
struct Block<'a> {
    r: &'a view::ReasonView,
}

/// What a code's row is rendered from, beside the values every block shares.
#[derive(Serialize)]
struct Row<'a> {
    row: &'a view::CodeRow,
}

pub struct FaqPages;

impl Artefact for FaqPages {
    fn name(&self) -> &'static str {
        "the FAQ pages"
    }

    fn templates(&self) -> &'static [&'static str] {
        TEMPLATES
    }

    /// Each language's pages are rendered on a thread of their own; the result does not depend
    /// on which finishes first.
    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        super::per_language(input, sink, pages)
    }
}

fn pages<'a>(input: &Input<'a>, lang: &str, sink: &dyn Sink) -> Result<(), GenerateError> {
    let catalogue = input.catalogue;
    let translations: Vec<view::LanguageLink> =
        view::language_links(catalogue, lang, FAQ, "").into_iter().filter(|l| !l.current).collect();
    let ui = tera::Value::from_serializable(&view::ui(catalogue, lang));
    let translations = tera::Value::from_serializable(&translations);
    let anchors = tera::Value::from_serializable(&view::SectionAnchors::default());
    let shared = [("ui", &ui), ("translations", &translations), ("anchors", &anchors)];
    // The pages, with a marker where each reason's block and each code's row goes: small
    // whatever the catalogue.
    let markers = Markers::new();
    let placed = std::cell::RefCell::new(Vec::new());
    let place = |piece: Piece<'a>| {
        let mut placed = placed.borrow_mut();
        // Safe: a marker is letters, digits and two control characters no escaping changes.
        let marker = tera::Value::safe_string(&markers.marker(placed.len()));
        placed.push(piece);
        view::Placed { md: marker.clone(), html: marker }
    };
    let faq = view::faq(catalogue, lang, FAQ, |reason| place(Piece::Reason(reason)), |code| place(Piece::Row(code)));
    let placed = placed.into_inner();
    let pages = input.templates.render_all(PAGES, &faq)?;
    drop(faq);
    let dir = PathBuf::from("docs").join(lang);
    let mut files = Vec::new();
    let mut placements = Vec::new();
    for (template, page) in PAGES.iter().zip(&pages) {
        let extension = template.trim_end_matches(".tera").rsplit('.').next().unwrap_or("txt");
        let path = dir.join(format!("{FAQ}.{extension}"));
        let message = "changes a reason's block or a code's row where it places it; print it as it is, as \
                       `{{ r.html }}`, `{{ r.md }}`, `{{ row.html }}` or `{{ row.md }}`";
        placements.push(
            markers.find(page, placed.len()).ok_or_else(|| input.templates.misuse(template, message.to_string()))?,
        );
        files.push(sink.open(path)?);
    }
    // Each block rendered where it goes, in both formats at once when both pages place them
    // in the same order (they do), and written at once: one reason's or row's view and blocks
    // are alive at a time.
    let views = view::FaqReasons::new(catalogue, lang);
    let render = |index: usize| -> Result<Vec<Vec<u8>>, GenerateError> {
        Ok(match placed[index] {
            Piece::Reason(reason) => {
                let view = views.view(catalogue, reason);
                input.templates.render_all_bytes_with(BLOCKS, &Block { r: &view }, &shared)?
            }
            Piece::Row(code) => {
                let row = view::code_row(catalogue, lang, code);
                input.templates.render_all_bytes_with(ROWS, &Row { row: &row }, &shared)?
            }
        })
    };
    let same_order = placements[0].iter().map(|p| p.1).eq(placements[1].iter().map(|p| p.1));
    let mut written = [0, 0];
    for at in 0..placements.iter().map(Vec::len).max().unwrap_or(0) {
        let both = if same_order { Some(render(placements[0][at].1)?) } else { None };
        for (format, file) in files.iter_mut().enumerate() {
            let Some((range, index)) = placements[format].get(at).cloned() else { continue };
            let page = &pages[format];
            file.write(&page.as_bytes()[written[format]..range.start])?;
            written[format] = range.end;
            match &both {
                Some(blocks) => file.write(&blocks[format])?,
                None => file.write(&render(index)?[format])?,
            }
        }
    }
    for ((mut file, page), written) in files.into_iter().zip(&pages).zip(written) {
        file.write(&page.as_bytes()[written..])?;
        file.finish()?;
    }
    Ok(())
}

/// The markers a page is rendered with in place of its reasons' blocks and its rows: two control
/// characters around a number of this run (random) and the index of what it stands for. No catalogue text can hold one
/// by chance, and each found is checked.
struct Markers {
    prefix: String,
}

impl Markers {
    fn new() -> Markers {
        use std::hash::{BuildHasher, Hasher};
        let run = std::collections::hash_map::RandomState::new().build_hasher().finish();
        Markers { prefix: format!("\u{1}{run:016x}:") }
    }

    fn marker(&self, index: usize) -> String {
        format!("{}{index}\u{1}", self.prefix)
    }

    /// Where the page places each reason and row, in the page's order: the marker's byte range
    /// and the index of what it stands for. `None` when a marker was changed (a filter applied
    /// to a block) or names nothing placed: the catalogue holds no control character (C022), so every one in the
    /// page is a marker's.
    fn find(&self, page: &str, placed: usize) -> Option<Vec<(std::ops::Range<usize>, usize)>> {
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(start) = page[from..].find(&self.prefix).map(|at| from + at) {
            let digits = start + self.prefix.len();
            let end = digits + page[digits..].find('\u{1}')?;
            let index: usize = page[digits..end].parse().ok().filter(|&i| i < placed)?;
            found.push((start..end + 1, index));
            from = end + 1;
        }
        let delimiters = page.bytes().filter(|&b| b == 1).count();
        (delimiters == 2 * found.len()).then_some(found)
    }
}
