//! From a result cell to the cells added after it: the code at the cell's end, the reasons it
//! names (narrowed by the message where a code is shared), and their texts in the output's
//! encoding, computed once per distinct cell.

use std::collections::BTreeMap;

use crate::fasthash;

use catalogue::markup::{neutralise_formula, plain};
use catalogue::{Catalogue, Reason};

use super::encoding::Encoding;
use super::records::{quote, unquote};
use catalogue::codes::code_list;

use crate::matching::with_codes;
use catalogue::present::{Labels, ReasonView, label as ui};

/// A column `annotate` can add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Column {
    /// The reason id.
    Id,
    /// The model's name.
    Model,
    /// The reason's message.
    Message,
    /// The remedy, one numbered step per line.
    Remedy,
    /// The notes, one per line (a note on a shared code led by the code).
    Notes,
    /// The reason's place in the FAQ.
    Faq,
    /// For a row left with several candidate reasons, why: which they are and what would tell
    /// them apart.
    Why,
}

impl Column {
    pub const ALL: [Column; 7] =
        [Column::Id, Column::Model, Column::Message, Column::Remedy, Column::Notes, Column::Faq, Column::Why];

    /// The `[ui]` key of the column's header.
    fn header_key(self) -> &'static str {
        match self {
            Column::Id => "annotate_reason",
            Column::Model => "annotate_model",
            Column::Message => "annotate_message",
            Column::Remedy => "annotate_remedy",
            Column::Notes => "annotate_notes",
            Column::Faq => "annotate_faq",
            Column::Why => "annotate_why",
        }
    }

    /// The column's cell for several candidate reasons: one per line (remedies and notes a
    /// blank line apart).
    fn cell(self, views: &[ReasonView]) -> String {
        let join =
            |f: &dyn Fn(&ReasonView) -> String, separator| views.iter().map(f).collect::<Vec<_>>().join(separator);
        match self {
            Column::Id => join(&|v| v.id.to_string(), "\n"),
            Column::Model => join(&|v| plain(&v.model_name), "\n"),
            // A message in a language other than the one transcribed is ours, and says so.
            Column::Message => join(
                &|v| match &v.message_mark {
                    Some(mark) => format!("{} ({})", plain(&v.message), plain(mark)),
                    None => plain(&v.message),
                },
                "\n",
            ),
            Column::Remedy => join(&ReasonView::remedy_plain, "\n\n"),
            Column::Notes => join(&ReasonView::notes_plain, "\n\n"),
            Column::Faq => join(&|v| v.faq.clone().unwrap_or_default(), "\n"),
            // Filled in by the annotator, which knows what the row lacked.
            Column::Why => String::new(),
        }
    }
}

/// What became of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// One reason.
    Annotated,
    /// Several reasons share the code and the message does not tell them apart: every one is
    /// named. `across_models` when they are not all of one model (`--model` would choose).
    Candidates {
        across_models: bool,
    },
    NoCode,
    /// The result cell is longer than the limit: passed through unread, so that one huge cell
    /// costs no more memory than its record.
    TooLong,
    /// The codes, as the cell gives them, that no reason has.
    Unknown(String),
}

/// Counts of rows by outcome, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub annotated: usize,
    pub candidates: usize,
    /// Rows whose candidates belong to several models.
    pub across_models: usize,
    pub no_code: usize,
    /// Rows whose result cell was too long to read.
    pub too_long: usize,
    /// Rows per unknown code list, for the first [`UNKNOWN_LIMIT`] distinct lists.
    pub unknown: BTreeMap<String, usize>,
    /// Rows with unknown codes beyond those.
    pub other_unknown: usize,
    /// Rows whose codes only another model than the inferred one has: the file mixes models.
    pub contradicting: usize,
}

/// How many distinct unknown code lists the summary names; the rest are counted together.
pub const UNKNOWN_LIMIT: usize = 100;

impl Tally {
    pub fn rows(&self) -> usize {
        self.annotated + self.candidates + self.no_code + self.too_long + self.unknown_rows()
    }

    pub fn unknown_rows(&self) -> usize {
        self.unknown.values().sum::<usize>() + self.other_unknown
    }

    fn count(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Annotated => self.annotated += 1,
            Outcome::Candidates { across_models } => {
                self.candidates += 1;
                self.across_models += usize::from(*across_models);
            }
            Outcome::NoCode => self.no_code += 1,
            Outcome::TooLong => self.too_long += 1,
            Outcome::Unknown(codes) => {
                if let Some(n) = self.unknown.get_mut(codes) {
                    *n += 1;
                } else if self.unknown.len() < UNKNOWN_LIMIT {
                    self.unknown.insert(codes.clone(), 1);
                } else {
                    self.other_unknown += 1;
                }
            }
        }
    }
}

/// The codes at the end of a cell, as in `「…」(110200)` or `Denied (170400,180200)`, with
/// ASCII or full-width parentheses; and the text before them.
pub fn split_code(cell: &[u8], encoding: Encoding) -> Option<(&[u8], &[u8])> {
    let (open, close): (&[u8], &[u8]) = match encoding {
        Encoding::Utf8 => ("（".as_bytes(), "）".as_bytes()),
        Encoding::ShiftJis => (b"\x81\x69", b"\x81\x6A"),
    };
    let text = cell.strip_prefix(b"\"").and_then(|c| c.strip_suffix(b"\"")).unwrap_or(cell);
    let text = text.trim_ascii_end();
    let inner = text.strip_suffix(b")").or_else(|| text.strip_suffix(close))?;
    let digits_start =
        inner.len() - inner.iter().rev().take_while(|b| b.is_ascii_digit() || matches!(b, b',' | b' ')).count();
    let codes = &inner[digits_start..];
    if !codes.iter().any(u8::is_ascii_digit) {
        return None;
    }
    let before = &inner[..digits_start];
    let message = before.strip_suffix(b"(").or_else(|| before.strip_suffix(open))?;
    Some((message, codes))
}

/// A row's outcome and the bytes added after it: `,` and each added cell, encoded.
struct Annotation {
    outcome: Outcome,
    /// The reasons named, as places in the catalogue's list.
    reasons: Box<[u32]>,
    cells: Box<[u8]>,
    /// Characters of the cells the output encoding cannot write.
    unwritable: usize,
    /// The row names only reasons of another model than the one inferred for the file.
    contradicts: bool,
}

/// What a row gives: its added cells, its outcome and the reasons it names.
pub struct Resolved<'a> {
    /// `,` and each added cell, encoded.
    pub cells: &'a [u8],
    pub outcome: &'a Outcome,
    /// The reasons named, as places in the catalogue's list.
    pub reasons: &'a [u32],
}

/// Which model's reasons a row's codes name.
#[derive(Debug, Clone, Copy)]
pub enum Model<'a> {
    /// `--model`: only this model's.
    Given(&'a str),
    /// The model the file's start shows: this model's, unless a row's codes name only another's.
    Inferred(&'a str),
}

/// Annotates result cells, remembering the cells of each distinct result text.
pub struct Annotator<'a> {
    catalogue: &'a Catalogue,
    lang: &'a str,
    model: Option<Model<'a>>,
    columns: &'a [Column],
    input: Encoding,
    output: Encoding,
    /// What each distinct list of codes gives, as the cell writes it (`110200`, `170400,180200`).
    /// `None` where several reasons share the codes and each row's message decides.
    by_codes: fasthash::Map<Box<[u8]>, Option<u32>>,
    /// For codes several reasons share, what each distinct result cell gives (its message decides),
    /// one map per side a row's [Type] cell names (the first for rows that name none).
    by_cell: Vec<fasthash::Map<Box<[u8]>, u32>>,
    /// What the two caches point at, by place.
    annotations: Vec<Annotation>,
    /// The side each distinct [Type] cell names, as an index into the catalogue's sides + 1.
    sides: fasthash::Map<Box<[u8]>, usize>,
    empty: Box<[u8]>,
    /// Result cells longer than this many bytes are not read.
    max_cell: usize,
    labels: Labels,
    pub tally: Tally,
    /// Characters of the added cells written so far that the output encoding cannot write.
    pub unwritable: usize,
}

/// More distinct entries than this and a cache starts again, so memory stays bounded.
const CACHE_LIMIT: usize = 4096;

impl<'a> Annotator<'a> {
    pub fn new(
        catalogue: &'a Catalogue,
        lang: &'a str,
        model: Option<Model<'a>>,
        columns: &'a [Column],
        (input, output): (Encoding, Encoding),
        max_cell: usize,
    ) -> Self {
        Annotator {
            catalogue,
            lang,
            model,
            columns,
            input,
            output,
            by_codes: fasthash::Map::default(),
            by_cell: (0..=catalogue.document().sides.len()).map(|_| fasthash::Map::default()).collect(),
            annotations: Vec::new(),
            sides: fasthash::Map::default(),
            empty: b",".repeat(columns.len()).into_boxed_slice(),
            max_cell,
            labels: Labels::new(catalogue, lang),
            tally: Tally::default(),
            unwritable: 0,
        }
    }

    /// `,` and the added headers, encoded.
    pub fn header(&mut self) -> Vec<u8> {
        let cells: Vec<String> =
            self.columns.iter().map(|c| plain(&ui(self.catalogue, c.header_key(), self.lang))).collect();
        let (bytes, unwritable) = self.encode_cells(&cells);
        self.unwritable += unwritable;
        bytes
    }

    /// The side a [Type] cell names: 0 for none, else the side's place in the catalogue + 1.
    fn side(&mut self, cell: Option<&[u8]>) -> usize {
        let Some(cell) = cell else { return 0 };
        if let Some(&side) = self.sides.get(cell) {
            return side;
        }
        let text = self.input.decode(&unquote(cell)).into_owned();
        let side = self
            .catalogue
            .side_of_type(&text)
            .and_then(|key| self.catalogue.document().sides.iter().position(|s| s.key() == key))
            .map_or(0, |i| i + 1);
        if self.sides.len() < CACHE_LIMIT {
            self.sides.insert(cell.into(), side);
        }
        side
    }

    /// What a row whose result cell is `cell` (raw, quotes included) and whose [Type] cell,
    /// where the file has that column, is `type_cell` gives: the added cells (`,` and each cell)
    /// and the reasons named.
    pub fn annotate(&mut self, cell: &[u8], type_cell: Option<&[u8]>) -> Resolved<'_> {
        const TOO_LONG: &Outcome = &Outcome::TooLong;
        const NO_CODE: &Outcome = &Outcome::NoCode;
        if cell.len() > self.max_cell {
            self.tally.count(TOO_LONG);
            return Resolved { cells: &self.empty, outcome: TOO_LONG, reasons: &[] };
        }
        let Some((_, codes)) = split_code(cell, self.input) else {
            self.tally.count(NO_CODE);
            return Resolved { cells: &self.empty, outcome: NO_CODE, reasons: &[] };
        };
        let place = match self.by_codes.get(codes) {
            // The common case, one lookup: a code seen before that names one reason.
            Some(Some(place)) => *place,
            Some(None) => self.by_message(cell, codes, type_cell),
            None => {
                self.make_room();
                let (reasons, contradicts) = self.reasons(codes);
                // Several reasons: the message before the code tells them apart, row by row.
                if reasons.len() > 1 {
                    self.by_codes.insert(codes.into(), None);
                    self.by_message(cell, codes, type_cell)
                } else {
                    let computed = self.compute(codes, reasons, contradicts, (false, false));
                    let place = self.keep(computed);
                    self.by_codes.insert(codes.into(), Some(place));
                    place
                }
            }
        };
        let annotation = &self.annotations[place as usize];
        self.tally.count(&annotation.outcome);
        self.tally.contradicting += usize::from(annotation.contradicts);
        self.unwritable += annotation.unwritable;
        Resolved { cells: &annotation.cells, outcome: &annotation.outcome, reasons: &annotation.reasons }
    }

    /// Keeps an annotation for the caches; its place.
    fn keep(&mut self, annotation: Annotation) -> u32 {
        self.annotations.push(annotation);
        (self.annotations.len() - 1) as u32
    }

    /// Memory stays bounded: when a cache is full, both are emptied with what they point at.
    fn make_room(&mut self) {
        if self.by_codes.len() >= CACHE_LIMIT || self.by_cell.iter().any(|c| c.len() >= CACHE_LIMIT) {
            self.by_codes.clear();
            self.by_cell.iter_mut().for_each(fasthash::Map::clear);
            self.annotations.clear();
        }
    }

    /// The annotation of a row whose codes several reasons share: the message in its cell and
    /// its [Type] cell pick among them, cached per distinct cell and side.
    fn by_message(&mut self, cell: &[u8], codes: &[u8], type_cell: Option<&[u8]>) -> u32 {
        let side = self.side(type_cell);
        if let Some(&place) = self.by_cell[side].get(cell) {
            return place;
        }
        let (mut reasons, _) = self.reasons(codes);
        let text = self.input.decode(&unquote(cell)).into_owned();
        let by_message = self.catalogue.reasons_with_message(&text);
        let narrowed: Vec<&Reason> =
            reasons.iter().copied().filter(|r| by_message.iter().any(|m| m.id() == r.id())).collect();
        let recognised = !narrowed.is_empty();
        if recognised {
            reasons = narrowed;
        } else if let Some(closest) = self.catalogue.closest_reason(&text, &reasons) {
            // No text matches exactly: one close enough to a single reason's still names it.
            reasons = vec![closest];
        }
        // The row's [Type] picks between reasons that differ by side; a side none of them
        // has leaves them all.
        if let Some(key) = side.checked_sub(1).map(|i| self.catalogue.document().sides[i].key()) {
            let on_side: Vec<&Reason> = reasons.iter().copied().filter(|r| r.side() == key).collect();
            if !on_side.is_empty() {
                reasons = on_side;
            }
        }
        let (mut reasons, contradicts) = self.prefer(reasons);
        // Worded unlike every candidate: the words that tell them apart may still name one.
        let mut several_fit = false;
        if reasons.len() > 1 && !recognised {
            match self.catalogue.told_apart_by_words(&text, &reasons) {
                Ok(one) => reasons = vec![one],
                Err(fitting) => several_fit = fitting > 1,
            }
        }
        let computed = self.compute(codes, reasons, contradicts, (side > 0, several_fit));
        self.make_room();
        let place = self.keep(computed);
        self.by_cell[side].insert(cell.into(), place);
        place
    }

    /// The reasons a row's codes name in the model that applies; and whether they are another
    /// model's than the one inferred for the file.
    fn reasons(&self, codes: &[u8]) -> (Vec<&'a Reason>, bool) {
        let codes = parse_codes(codes);
        match self.model {
            None => (with_codes(self.catalogue, &codes, None), false),
            Some(Model::Given(model)) => (with_codes(self.catalogue, &codes, Some(model)), false),
            // Every model's, so that a row's message can still name another model's reason;
            // the inferred model then only breaks ties (see `prefer`).
            Some(Model::Inferred(model)) => {
                let reasons = with_codes(self.catalogue, &codes, None);
                let contradicts = !reasons.is_empty() && reasons.iter().all(|r| r.model() != model);
                (reasons, contradicts)
            }
        }
    }

    /// Of reasons the row leaves, those of the inferred model when there are some; and whether
    /// none is, which contradicts the inference.
    fn prefer(&self, reasons: Vec<&'a Reason>) -> (Vec<&'a Reason>, bool) {
        let Some(Model::Inferred(model)) = self.model else { return (reasons, false) };
        let own: Vec<&Reason> = reasons.iter().copied().filter(|r| r.model() == model).collect();
        match own.is_empty() {
            true => {
                let contradicts = !reasons.is_empty();
                (reasons, contradicts)
            }
            false => (own, false),
        }
    }

    /// The outcome and added cells for the reasons a row's codes (and message) name; `known` is
    /// whether the row's side is known, and whether its message fits several of them.
    fn compute(&mut self, codes: &[u8], reasons: Vec<&Reason>, contradicts: bool, known: (bool, bool)) -> Annotation {
        let outcome = match reasons.len() {
            0 => {
                let outcome = Outcome::Unknown(parse_codes(codes).join(","));
                return Annotation {
                    outcome,
                    reasons: Box::new([]),
                    cells: self.empty.clone(),
                    unwritable: 0,
                    contradicts,
                };
            }
            1 => Outcome::Annotated,
            _ => Outcome::Candidates { across_models: reasons.iter().any(|r| r.model() != reasons[0].model()) },
        };
        let views: Vec<ReasonView> = reasons.iter().map(|r| ReasonView::new(self.catalogue, r, &self.labels)).collect();
        let why = if reasons.len() > 1 { self.why(codes, &reasons, &views, known) } else { String::new() };
        let cells: Vec<String> =
            self.columns.iter().map(|c| if *c == Column::Why { why.clone() } else { c.cell(&views) }).collect();
        let (bytes, unwritable) = self.encode_cells(&cells);
        let all = self.catalogue.reasons();
        let places = reasons.iter().filter_map(|r| all.iter().position(|x| std::ptr::eq(x, *r)).map(|i| i as u32));
        Annotation { outcome, reasons: places.collect(), cells: bytes.into_boxed_slice(), unwritable, contradicts }
    }

    /// Why a row has several candidates: the code, the candidates (model and side), and what
    /// would tell them apart, in the catalogue's words (`[ui] annotate_why…`).
    fn why(
        &self,
        codes: &[u8],
        reasons: &[&Reason],
        views: &[ReasonView],
        (side_known, several_fit): (bool, bool),
    ) -> String {
        let label = |key: &str| plain(&ui(self.catalogue, key, self.lang));
        let mut candidates: Vec<String> = Vec::new();
        for view in views {
            let candidate = format!("{} {}", plain(&view.model_name), plain(&view.side_name));
            if !candidates.contains(&candidate) {
                candidates.push(candidate);
            }
        }
        let across = reasons.iter().any(|r| r.model() != reasons[0].model());
        let sides_differ = reasons.iter().any(|r| r.side() != reasons[0].side());
        let hint = if sides_differ && !side_known {
            "annotate_why_type"
        } else if across {
            "annotate_why_model"
        } else if several_fit {
            "annotate_why_words"
        } else {
            "annotate_why_message"
        };
        // In one pass: a candidate's text holding `{hint}` stays as it is.
        let codes = parse_codes(codes).join(",");
        let candidates = candidates.join(&label("list_separator"));
        let hint = label(hint);
        catalogue::present::fill(
            &label("annotate_why_pattern"),
            &[("codes", &codes), ("candidates", &candidates), ("hint", &hint)],
        )
    }

    /// `,` and each cell, encoded; and how many characters the encoding could not write.
    fn encode_cells(&self, cells: &[String]) -> (Vec<u8>, usize) {
        let mut out = Vec::new();
        let mut unwritable = 0;
        for cell in cells {
            // Catalogue text is data: no added cell may run as a spreadsheet formula.
            let (bytes, missing) = self.output.encode(&neutralise_formula(cell));
            unwritable += missing;
            out.push(b',');
            quote(&bytes, &mut out);
        }
        (out, unwritable)
    }
}

/// The codes of a cell's `(…)` (ASCII digits, commas and spaces), without leading zeros.
fn parse_codes(codes: &[u8]) -> Vec<String> {
    code_list(&String::from_utf8_lossy(codes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_a_bounded_number_of_unknown_codes() {
        let mut tally = Tally::default();
        for code in 0..UNKNOWN_LIMIT + 50 {
            tally.count(&Outcome::Unknown(code.to_string()));
        }
        tally.count(&Outcome::Unknown("0".to_string()));
        assert_eq!(tally.unknown.len(), UNKNOWN_LIMIT);
        assert_eq!(tally.unknown["0"], 2);
        assert_eq!(tally.other_unknown, 50);
        assert_eq!(tally.unknown_rows(), UNKNOWN_LIMIT + 51);
        assert_eq!(tally.rows(), UNKNOWN_LIMIT + 51);
    }

    #[test]
    fn the_byte_level_code_suffix_agrees_with_the_catalogue_grammar() {
        // annotate reads a cell's codes without decoding it; it must find what
        // `catalogue::codes` finds in the same text.
        for cell in [
            "「あ。」(110200)",
            "Denied (170400,180200)",
            "あ（40200）",
            "x (1 2)",
            "Use (mc_viewer.exe)",
            "OK",
            "( )",
            "(0)",
        ] {
            let bytes = split_code(cell.as_bytes(), Encoding::Utf8).map(|(_, codes)| parse_codes(codes));
            let text = catalogue::codes::code_suffix(cell);
            assert_eq!(bytes.unwrap_or_default(), text, "{cell}");
        }
    }

    #[test]
    fn codes_are_found_at_the_end_of_a_cell() {
        let utf8 = Encoding::Utf8;
        assert_eq!(split_code("「あ。」(110200)".as_bytes(), utf8), Some(("「あ。」".as_bytes(), &b"110200"[..])));
        assert_eq!(split_code(b"\"Denied (170400,180200)\"", utf8), Some((&b"Denied "[..], &b"170400,180200"[..])));
        assert_eq!(split_code("あ（40200） ".as_bytes(), utf8), Some(("あ".as_bytes(), &b"40200"[..])));
        assert_eq!(split_code(b"Use (mc_viewer.exe)", utf8), None);
        assert_eq!(split_code(b"OK", utf8), None);
        assert_eq!(split_code(b"( )", utf8), None);
        let (sjis, _) = Encoding::ShiftJis.encode("あ（40200）");
        assert_eq!(split_code(&sjis, Encoding::ShiftJis).map(|(_, c)| c), Some(&b"40200"[..]));
    }
}
