//! Where the annotated CSV goes: standard output, or a file written in full or not at all (an
//! [`outfile::AtomicFile`]: a temporary file beside it, renamed over it only when every row has
//! been written, removed on any error and on SIGINT, SIGTERM or SIGHUP). Only a regular file
//! is named with `-o` (`annotate::output_place` refuses a device, a pipe or `-`); a symlink is
//! written through. A workbook (`-o x.xlsx`) is the same CSV read back into rows as it is
//! written, and put in a sheet.

use std::io::{BufWriter, Write};
use std::path::Path;

use outfile::{AtomicFile, NewFileMode};

use crate::error::Error;
use xlsx::{Cell, Workbook};

use super::records::{Scanned, scan, unquote};

/// Enough to keep write calls few; the whole output never sits in memory.
const BUFFER_BYTES: usize = 1 << 20;

enum Sink {
    Stream(Box<dyn Write>),
    File(AtomicFile),
    Sheet(Box<SheetSink>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stream(w) => w.write(buf),
            Sink::File(f) => f.write(buf),
            Sink::Sheet(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stream(w) => w.flush(),
            Sink::File(f) => f.flush(),
            Sink::Sheet(_) => Ok(()),
        }
    }
}

/// A terminal taking rows: each whole line written as `catalogue::terminal::bytes` shows it,
/// so that no cell sends a control character, whatever the output's encoding.
struct OnTerminal<W: Write> {
    out: W,
    pending: Vec<u8>,
}

impl<W: Write> OnTerminal<W> {
    fn new(out: W) -> Self {
        OnTerminal { out, pending: Vec::new() }
    }

    /// Writes the lines pending up to `end`.
    fn lines(&mut self, end: usize) -> std::io::Result<()> {
        let shown = catalogue::terminal::bytes(&self.pending[..end]);
        self.out.write_all(&shown)?;
        self.pending.drain(..end);
        Ok(())
    }
}

impl<W: Write> Write for OnTerminal<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        // Whole lines only, so that a character is never cut in two; a line longer than the
        // buffer is shown in pieces (its bytes, escaped where they are not text).
        if let Some(last) = memchr::memrchr(b'\n', &self.pending) {
            self.lines(last + 1)?;
        } else if self.pending.len() >= BUFFER_BYTES {
            self.lines(self.pending.len())?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.lines(self.pending.len())?;
        self.out.flush()
    }
}

/// UTF-8 CSV in, the rows of a workbook out: each complete record becomes a row as it arrives,
/// so that only the record being written is held.
pub struct SheetSink {
    book: Workbook<BufWriter<AtomicFile>>,
    pending: Vec<u8>,
    /// The byte-order mark has been looked for.
    started: bool,
    /// Columns whose cells are counts, written as numbers where they are digits.
    numbers: Vec<usize>,
    fields: Vec<std::ops::Range<usize>>,
}

impl SheetSink {
    /// Turns the complete records pending into rows; at the end (`eof`), the last one too.
    fn rows(&mut self, eof: bool) -> std::io::Result<()> {
        if !self.started && (self.pending.len() >= 3 || eof) {
            if self.pending.starts_with(super::BOM) {
                self.pending.drain(..3);
            }
            self.started = true;
        }
        if !self.started {
            return Ok(());
        }
        let mut start = 0;
        while start < self.pending.len() {
            match scan(&self.pending, start, eof, &mut self.fields) {
                Scanned::Record(record) => {
                    let cells = self
                        .fields
                        .iter()
                        .enumerate()
                        .map(|(i, f)| {
                            let text = String::from_utf8_lossy(&unquote(&self.pending[f.clone()])).into_owned();
                            match text.parse::<u64>() {
                                // `007` stays text: a number has no leading zero.
                                Ok(n) if self.numbers.contains(&i) && (text == "0" || !text.starts_with('0')) => {
                                    Cell::Number(n)
                                }
                                _ => Cell::Text(text),
                            }
                        })
                        .collect();
                    self.book.row(cells)?;
                    start = record.end;
                }
                Scanned::NeedMore => break,
                Scanned::Malformed { .. } => {
                    return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "malformed CSV for the sheet"));
                }
            }
        }
        self.pending.drain(..start);
        Ok(())
    }

    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.rows(false)?;
        Ok(buf.len())
    }

    /// Ends the current sheet's rows and starts a sheet named `name`, whose count columns are
    /// `numbers`; the CSV written next (with its own header row) fills it.
    fn next_sheet(&mut self, name: &str, numbers: Vec<usize>) -> std::io::Result<()> {
        self.rows(true)?;
        self.book.add_sheet(name)?;
        self.numbers = numbers;
        self.started = false;
        Ok(())
    }

    /// Ends the workbook: the file, ready to be put in place, and the cells cut to Excel's limit.
    fn finish(mut self) -> std::io::Result<(AtomicFile, usize)> {
        self.rows(true)?;
        let cut = self.book.cut_cells();
        let file = self.book.finish()?.into_inner().map_err(std::io::IntoInnerError::into_error)?;
        Ok((file, cut))
    }
}

/// Does `path` ask for a workbook (`.xlsx`, in any case)?
pub fn is_workbook(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

pub struct Output {
    writer: Option<BufWriter<Sink>>,
    /// What the output is, for messages.
    name: String,
}

impl Output {
    fn new(sink: Sink, name: String) -> Output {
        Output { writer: Some(BufWriter::with_capacity(BUFFER_BYTES, sink)), name }
    }

    /// Standard output for `None`, else a temporary file beside `path` (a regular file, or none
    /// yet) that becomes it. A file that exists keeps its mode; a new one gets `new_file_mode`.
    pub fn create(path: Option<&Path>, new_file_mode: NewFileMode) -> Result<Output, Error> {
        let Some(path) = path else {
            use std::io::IsTerminal;
            let stdout = std::io::stdout().lock();
            // Rows on a terminal are for the eye: shown as a terminal may show them.
            let stream: Box<dyn Write> =
                if stdout.is_terminal() { Box::new(OnTerminal::new(stdout)) } else { Box::new(stdout) };
            return Ok(Output::new(Sink::Stream(stream), crate::messages::tell("standard_output", &[])));
        };
        let name = catalogue::terminal::line(&path.display().to_string()).into_owned();
        let file = AtomicFile::create_unnamed(path, new_file_mode).map_err(|e| Error::write(&name, e))?;
        Ok(Output::new(Sink::File(file), name))
    }

    /// A workbook at `path`, written in full or not at all, from the UTF-8 CSV written to it;
    /// `numbers` are the columns of counts. Its one sheet is named `sheet`.
    pub fn workbook(
        path: &Path,
        new_file_mode: NewFileMode,
        sheet: &str,
        numbers: Vec<usize>,
    ) -> Result<Output, Error> {
        let name = catalogue::terminal::line(&path.display().to_string()).into_owned();
        let file = AtomicFile::create_unnamed(path, new_file_mode).map_err(|e| Error::write(&name, e))?;
        let book = Workbook::new(BufWriter::with_capacity(BUFFER_BYTES, file), sheet);
        let sink = SheetSink { book, pending: Vec::new(), started: false, numbers, fields: Vec::new() };
        Ok(Output::new(Sink::Sheet(Box::new(sink)), name))
    }

    /// An output that keeps nothing: for a pass that only reads the rows (`report`).
    pub fn discard() -> Output {
        Output::new(Sink::Stream(Box::new(std::io::sink())), "nowhere".to_string())
    }

    /// Is the output a file, written only when complete?
    pub fn is_file(&self) -> bool {
        matches!(self.writer.as_ref().map(BufWriter::get_ref), Some(Sink::File(_) | Sink::Sheet(_)))
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let writer = self.writer.as_mut().expect("written only before commit");
        writer.write_all(bytes).map_err(|e| Error::write(&self.name, e))
    }

    /// For a workbook: ends the sheet being written and starts another, named `name`, with
    /// `numbers` its columns of counts. Anything else is refused.
    pub fn next_sheet(&mut self, name: &str, numbers: Vec<usize>) -> Result<(), Error> {
        let writer = self.writer.as_mut().expect("written only before commit");
        writer.flush().map_err(|e| Error::write(&self.name, e))?;
        match writer.get_mut() {
            Sink::Sheet(sheet) => sheet.next_sheet(name, numbers).map_err(|e| Error::write(&self.name, e)),
            _ => Err(Error::write(&self.name, std::io::Error::other("not a workbook"))),
        }
    }

    /// Flushes and, for a file, puts it in place; how many cells a workbook had to cut.
    pub fn commit(mut self) -> Result<usize, Error> {
        let writer = self.writer.take().expect("committed once");
        let sink = writer.into_inner().map_err(|e| Error::write(&self.name, e.into_error()))?;
        let failed = |e| Error::write(&self.name, e);
        match sink {
            Sink::Stream(mut stream) => stream.flush().map_err(failed).map(|()| 0),
            Sink::File(file) => file.commit().map_err(failed).map(|()| 0),
            Sink::Sheet(sheet) => {
                let (file, cut) = sheet.finish().map_err(failed)?;
                file.commit().map_err(failed)?;
                Ok(cut)
            }
        }
    }

    /// Leaves nothing behind: the temporary file is removed, the target never touched.
    pub fn abandon(mut self) {
        // Whatever is still buffered is dropped with the writer; the temporary file goes with it.
        if let Some(writer) = self.writer.take() {
            let (sink, _) = writer.into_parts();
            drop(sink);
        }
    }
}
