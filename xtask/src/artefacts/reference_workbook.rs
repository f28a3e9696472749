//! The reference sheet as a workbook (`docs/reference.xlsx`): the same rows and columns as
//! `docs/reference.csv`, which a double-click opens in Excel or LibreOffice with its Japanese
//! intact (a CSV needs its import settings there). Deterministic to the byte (the `xlsx` crate
//! fixes the package's dates and order), so `check` can tell it is fresh. The rows are made
//! twice, to measure and to write the sheet, and never held.

use super::{Artefact, FAQ, Input};
use crate::output::{GenerateError, Sink};

pub struct ReferenceWorkbook;

impl Artefact for ReferenceWorkbook {
    fn name(&self) -> &'static str {
        "the reference sheet as a workbook"
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        let path = input.out.join(catalogue::site::REFERENCE_XLSX);
        let mut file = super::reference_sheet::Pieces::new(sink.open(path.clone())?);
        let rows = |row: &mut dyn FnMut(Vec<xlsx::Cell>) -> std::io::Result<()>| {
            super::reference_sheet::reference_rows(input.catalogue, FAQ, &mut |cells| {
                row(cells.into_iter().map(xlsx::Cell::Text).collect())
            })
        };
        let written = xlsx::write_measured(&mut file, &[("reference", &rows)]).map(|_| ());
        match (file.failed.take(), written) {
            (Some(failed), _) => Err(failed),
            (None, Err(e)) => Err(GenerateError::Artefact { path, message: e.to_string() }),
            (None, Ok(_)) => file.file.finish(),
        }
    }
}
