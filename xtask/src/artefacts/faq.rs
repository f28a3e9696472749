//! The FAQ of each language, in Markdown and as a standalone HTML page.
//!
//! The pages (`faq.*.tera`) are rendered first with a marker where each reason's block and each
//! row of the code index goes, which keeps them small whatever the catalogue's size. Then each
//! page is given to the sink in pieces: the text up to a marker, then that reason's block
//! (`reason.*.tera`) or that code's row (`faq-code-row.*.tera`), rendered there and then,
//! in both formats at once. The reasons come one by one ([`super::placing`]): only one reason's
//! or row's blocks are alive at a time, and no page is ever held whole.

use std::collections::HashMap;
use std::ops::Range;

use catalogue::Reason;

use super::placing::{PlacesReasons, Placing};
use super::{Artefact, Input};
use crate::output::{GenerateError, Piecewise, Sink};
use crate::presented::key;
use crate::view;

/// The base name of the FAQ pages (`docs/<lang>/faq.md`, `docs/<lang>/faq.html`).
pub use catalogue::site::FAQ;

/// The pages it renders, one file each.
const PAGES: &[&str] = &["faq.md.tera", "faq.html.tera"];
/// A reason's blocks, in the order of the pages.
const BLOCKS: &[&str] = &["reason.md.tera", "reason.html.tera"];
/// A code's rows of the code index, in the order of the pages.
const ROWS: &[&str] = &["faq-code-row.md.tera", "faq-code-row.html.tera"];
/// Every template it needs: the pages, their reasons' blocks, their rows and what they include.
const TEMPLATES: &[&str] = &[
    "faq.md.tera",
    "faq.html.tera",
    "reason.md.tera",
    "reason.html.tera",
    "faq-code-row.md.tera",
    "faq-code-row.html.tera",
    "style.css.tera",
];

/// What a page places: a reason's block or a code's row.
#[derive(Clone, Copy)]
enum Piece<'c> {
    Reason(&'c Reason),
    Row(&'c str),
}

/// What a code's row is rendered from, beside the values every block shares.
#[derive(serde::Serialize)]
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
        super::placing::render(input, sink, &[self])
    }

    fn places_reasons(&self) -> Option<&dyn PlacesReasons> {
        Some(self)
    }
}

impl PlacesReasons for FaqPages {
    /// Each reason's entry, once per language.
    fn places(&self, _reason: &Reason) -> usize {
        1
    }

    fn begin<'a>(
        &self,
        input: &'a Input<'a>,
        lang: &'a str,
        sink: &'a dyn Sink,
    ) -> Result<Box<dyn Placing<'a> + 'a>, GenerateError> {
        Ok(Box::new(Pages::begin(input, lang, sink)?))
    }
}

/// One language's pages being given to the sink, a placed block at a time.
struct Pages<'a> {
    input: &'a Input<'a>,
    lang: &'a str,
    /// `ui`, `translations`, `anchors` and `on_faq` (the reason's template placed on the FAQ),
    /// shared by every block.
    shared: [(&'static str, tera::Value); 4],
    /// What each marker stands for, by the marker's index.
    placed: Vec<Piece<'a>>,
    /// Each reason's index in `placed`, by its address.
    reasons: HashMap<usize, usize>,
    /// Each page rendered with markers, in the order of [`PAGES`].
    pages: Vec<String>,
    /// Per page: each marker's byte range and index, in the page's order.
    placements: Vec<Vec<(Range<usize>, usize)>>,
    /// Per page: where the first marker of each placed index is in `placements`.
    first: Vec<Vec<Option<usize>>>,
    /// Both pages place the same things in the same order (they do): each block is rendered
    /// once for both.
    same_order: bool,
    files: Vec<Box<dyn Piecewise + 'a>>,
    /// Per page: how much of it has been given to the sink, and how many markers filled.
    written: Vec<usize>,
    filled: Vec<usize>,
}

impl<'a> Pages<'a> {
    fn begin(input: &'a Input<'a>, lang: &'a str, sink: &'a dyn Sink) -> Result<Pages<'a>, GenerateError> {
        let catalogue = input.catalogue;
        let translations: Vec<view::LanguageLink> = view::other_languages(catalogue, lang, FAQ);
        let shared = [
            ("ui", input.presented.ui(catalogue, lang)),
            ("translations", tera::Value::from_serializable(&translations)),
            ("anchors", tera::Value::from_serializable(&view::SectionAnchors::default())),
            ("on_faq", tera::Value::from(true)),
        ];
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
        let faq = view::faq(
            catalogue,
            lang,
            FAQ,
            shared[0].1.clone(),
            |reason| place(Piece::Reason(reason)),
            |code| place(Piece::Row(code)),
        );
        let placed = placed.into_inner();
        let pages = input.templates.render_all(PAGES, &faq)?;
        drop(faq);
        let out = &input.out;
        let mut files = Vec::new();
        let mut placements = Vec::new();
        for (template, page) in PAGES.iter().zip(&pages) {
            let extension = template.trim_end_matches(".tera").rsplit('.').next().unwrap_or("txt");
            let path = out.join(catalogue::site::faq(lang, extension));
            let message = "changes a reason's block or a code's row where it places it; print it as it is, as \
                           `{{ r.html }}`, `{{ r.md }}`, `{{ row.html }}` or `{{ row.md }}`";
            placements.push(
                markers
                    .find(page, placed.len())
                    .ok_or_else(|| input.templates.misuse(template, message.to_string()))?,
            );
            files.push(sink.open(path)?);
        }
        let first = placements
            .iter()
            .map(|found| {
                let mut first = vec![None; placed.len()];
                for (at, (_, index)) in found.iter().enumerate().rev() {
                    first[*index] = Some(at);
                }
                first
            })
            .collect();
        let reasons = placed
            .iter()
            .enumerate()
            .filter_map(|(index, piece)| match piece {
                Piece::Reason(reason) => Some((key(reason), index)),
                Piece::Row(_) => None,
            })
            .collect();
        let same_order = placements[0].iter().map(|p| p.1).eq(placements[1].iter().map(|p| p.1));
        Ok(Pages {
            input,
            lang,
            shared,
            placed,
            reasons,
            same_order,
            written: vec![0; pages.len()],
            filled: vec![0; pages.len()],
            pages,
            placements,
            first,
            files,
        })
    }

    /// The blocks of what `placed[index]` stands for, in the order of the pages.
    fn blocks(&self, index: usize) -> Result<Vec<Vec<u8>>, GenerateError> {
        let catalogue = self.input.catalogue;
        let templates = self.input.templates;
        let [ui, translations, anchors, on_faq] = self.shared.each_ref().map(|(name, value)| (*name, value));
        Ok(match self.placed[index] {
            Piece::Reason(reason) => {
                let r = self.input.presented.reason(catalogue, self.lang, reason);
                templates.render_values_bytes(BLOCKS, &[("r", &r), ui, translations, anchors, on_faq])?
            }
            Piece::Row(code) => {
                let row = view::code_row(catalogue, self.lang, code);
                templates.render_all_bytes_with(ROWS, &Row { row: &row }, &[ui, translations, anchors])?
            }
        })
    }

    /// Gives the sink each page up to its marker number `until`, the blocks placed there
    /// rendered on the way.
    fn fill(&mut self, until: &[usize]) -> Result<(), GenerateError> {
        for (page, &until) in until.iter().enumerate() {
            while self.filled[page] < until {
                let at = self.filled[page];
                let blocks = self.blocks(self.placements[page][at].1)?;
                // Both pages place the same block here: it is written in both at once.
                let pages = if self.same_order { 0..self.pages.len() } else { page..page + 1 };
                for page in pages {
                    let (range, _) = self.placements[page][at].clone();
                    self.files[page].write(&self.pages[page].as_bytes()[self.written[page]..range.start])?;
                    self.files[page].write(&blocks[page])?;
                    self.written[page] = range.end;
                    self.filled[page] = at + 1;
                }
            }
        }
        Ok(())
    }
}

impl<'a> Placing<'a> for Pages<'a> {
    fn reason(&mut self, reason: &'a Reason) -> Result<(), GenerateError> {
        let Some(&index) = self.reasons.get(&key(reason)) else { return Ok(()) };
        let until: Vec<usize> = self.first.iter().map(|first| first[index].map_or(0, |at| at + 1)).collect();
        self.fill(&until)
    }

    fn finish(mut self: Box<Self>) -> Result<(), GenerateError> {
        let until: Vec<usize> = self.placements.iter().map(Vec::len).collect();
        self.fill(&until)?;
        for ((mut file, page), written) in self.files.into_iter().zip(&self.pages).zip(self.written) {
            file.write(&page.as_bytes()[written..])?;
            file.finish()?;
        }
        Ok(())
    }
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
        // Each marker opens and closes with one: they pair up, in order (found with `memchr`,
        // which the debug build runs optimised too, where a search for the whole prefix or a
        // count byte by byte would go at a byte a step).
        let mut delimiters = page.match_indices('\u{1}').map(|(at, _)| at);
        while let Some(start) = delimiters.next() {
            let end = delimiters.next()?;
            let digits = page[start..end].strip_prefix(self.prefix.as_str())?;
            let index: usize = digits.parse().ok().filter(|&i| i < placed)?;
            found.push((start..end + 1, index));
        }
        Some(found)
    }
}

#[cfg(test)]
mod tests {
    use super::Markers;

    #[test]
    fn markers_are_found_in_order_and_a_changed_one_is_refused() {
        let markers = Markers::new();
        let (a, b) = (markers.marker(1), markers.marker(0));
        let page = format!("<h1>x</h1>{a}<p>y</p>{b}{a}");
        let found = markers.find(&page, 2).expect("every marker is whole");
        let at = |m: &str, from: usize| from + page[from..].find(m).unwrap();
        let (first, second) = (at(&a, 0), at(&b, 0));
        let third = at(&a, first + 1);
        assert_eq!(
            found,
            vec![(first..first + a.len(), 1), (second..second + b.len(), 0), (third..third + a.len(), 1)]
        );
        assert_eq!(markers.find("no marker at all", 2), Some(Vec::new()));
        // A marker a filter changed, cut short, one of another run, or naming nothing placed.
        assert_eq!(markers.find(&page.replacen(':', ";", 1), 2), None);
        assert_eq!(markers.find(&a[..a.len() - 1], 2), None);
        assert_eq!(markers.find(&format!("{a}\u{1}"), 2), None);
        assert_eq!(markers.find(&Markers::new().marker(0), 2), None);
        assert_eq!(markers.find(&a, 1), None);
    }
}
