//! The reference sheet for support desks: one CSV row per (model, code, reason).
//!
//! RFC 4180 quoting, CRLF line ends, UTF-8 with a byte-order mark (so that Excel opens it as
//! UTF-8), and no cell a spreadsheet could run as a formula.

use catalogue::Catalogue;
use catalogue::present::{Labels, ReasonView};

use super::{Artefact, FAQ, Input};
use crate::markup;
use crate::output::{GenerateError, Piecewise, Sink};

pub struct ReferenceSheet;

impl Artefact for ReferenceSheet {
    fn name(&self) -> &'static str {
        "the reference sheet"
    }

    /// Given to the sink in pieces as the CSV writer fills its buffer: never held whole.
    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        let path = input.out.join(catalogue::site::REFERENCE_CSV);
        let mut pieces = Pieces::new(sink.open(path.clone())?);
        let written = reference_csv(input.catalogue, FAQ, &mut pieces);
        match (pieces.failed, written) {
            (Some(failed), _) => Err(failed),
            (None, Err(e)) => Err(GenerateError::Artefact { path, message: e.to_string() }),
            (None, Ok(())) => pieces.file.finish(),
        }
    }
}

/// A file given to the sink in pieces, as a writer writes it; the sink's own error is kept to
/// be reported as it is.
pub(super) struct Pieces<'a> {
    pub(super) file: Box<dyn Piecewise + 'a>,
    pub(super) failed: Option<GenerateError>,
}

impl<'a> Pieces<'a> {
    pub(super) fn new(file: Box<dyn Piecewise + 'a>) -> Pieces<'a> {
        Pieces { file, failed: None }
    }
}

impl std::io::Write for Pieces<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.file.write(buf) {
            Ok(()) => Ok(buf.len()),
            Err(e) => {
                self.failed = Some(e);
                Err(std::io::Error::other("the sink failed"))
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `docs/reference.csv`, written to `out`: the rows of [`reference_rows`], RFC 4180 quoted.
fn reference_csv(catalogue: &Catalogue, faq_file: &str, out: &mut impl std::io::Write) -> Result<(), csv::Error> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out);
    reference_rows(catalogue, faq_file, &mut |row| writer.write_record(&row).map_err(std::io::Error::other))?;
    writer.flush()?;
    Ok(())
}

/// The reference sheet's rows, header first, each given to `row` as it is made, every cell
/// already safe from a spreadsheet's formulas: per language, the message, the remedy (one
/// numbered step a line), the notes (one a line, those on a shared code led by it) and the FAQ
/// link. The CSV and the workbook write the same rows.
pub fn reference_rows(
    catalogue: &Catalogue,
    faq_file: &str,
    row: &mut dyn FnMut(Vec<String>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let languages = catalogue.languages();
    let mut header = vec!["model".to_string(), "code".into(), "side".into(), "id".into()];
    for column in ["message", "remedy", "notes", "url"] {
        header.extend(languages.iter().map(|lang| format!("{column}_{lang}")));
    }
    // Where each remedy step comes from, a line per step: a `[sources]` key, or `ours`.
    header.push("remedy_sources".into());
    // Per language, what readers are told of the message there (an English one is ours).
    header.extend(languages.iter().map(|lang| format!("message_note_{lang}")));
    // Per translated language, how the reason's translation stands: current, stale (made from
    // an older source text) or missing (shown in the source language).
    let translated: Vec<&&catalogue::Lang> = languages.iter().skip(1).collect();
    header.extend(translated.iter().map(|lang| format!("translation_{lang}")));
    row(header)?;
    let labels: Vec<Labels> = languages.iter().map(|lang| Labels::new(catalogue, lang.as_str())).collect();
    for model in catalogue.models() {
        for reason in catalogue.reasons_of(model.key()) {
            let views: Vec<ReasonView> = labels.iter().map(|l| ReasonView::new(catalogue, reason, l)).collect();
            for code in reason.codes() {
                let mut cells =
                    vec![model.key().to_string(), code.to_string(), reason.side().to_string(), reason.id().to_string()];
                cells.extend(views.iter().map(|v| markup::plain(&v.message)));
                cells.extend(views.iter().map(ReasonView::remedy_plain));
                cells.extend(views.iter().map(ReasonView::notes_plain));
                // Absolute under the published address, when the catalogue gives one.
                cells.extend(
                    languages.iter().map(|lang| catalogue.page_url(&format!("{lang}/{faq_file}.html#{}", reason.id()))),
                );
                let sources = views[0].remedy.iter().map(|s| s.origin.key(catalogue).unwrap_or_default());
                cells.push(sources.collect::<Vec<_>>().join("\n"));
                cells.extend(views.iter().map(|v| v.message_mark.as_deref().map(markup::plain).unwrap_or_default()));
                cells.extend(views.iter().skip(1).map(|v| {
                    let t = v.translation;
                    (if t.missing > 0 {
                        "missing"
                    } else if t.stale > 0 {
                        "stale"
                    } else {
                        "current"
                    })
                    .to_string()
                }));
                row(cells.iter().map(|cell| neutralise_formula(cell).into_owned()).collect())?;
            }
        }
    }
    Ok(())
}

/// Formula starts neutralised (shared with `mcauth annotate`).
pub use catalogue::markup::neutralise_formula;

#[cfg(test)]
mod tests {
    use super::neutralise_formula;

    #[test]
    fn formula_starts_are_neutralised() {
        for hostile in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"] {
            assert_eq!(neutralise_formula(hostile), format!("'{hostile}"));
        }
        assert_eq!(neutralise_formula("110200"), "110200");
        assert_eq!(neutralise_formula("a=b"), "a=b");
    }
}
