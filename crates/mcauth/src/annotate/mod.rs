//! `mcauth annotate`: an access-history CSV in, the same CSV out with the reason of each
//! authentication error in added columns.
//!
//! It streams: a fixed buffer is read, complete records are written out as they are found, and
//! memory grows only with the longest record. Rows are copied byte for byte (in the input's
//! encoding, with their own line ends) unless another encoding or line end is asked for.

mod annotations;
pub mod encoding;
pub mod inference;
pub mod output;

mod records;

use std::io::Read;
use std::ops::Range;
use std::path::PathBuf;

use catalogue::Catalogue;

use crate::error::Error;
use crate::messages::{self, Said, tell};
use crate::terminal::shown;

pub use annotations::Column;
pub use annotations::Outcome;
use annotations::{Annotator, Tally};
use encoding::{BOM, Encoding};
pub use records::quote;
use records::{Scanned, Split, scan_split, split_unquoted, unquote};

/// Line ends of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LineEnds {
    /// As each input row has them.
    Keep,
    Lf,
    Crlf,
}

/// What to annotate, and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The input file; `None` for standard input.
    pub input: Option<PathBuf>,
    /// The output file; `None` for standard output.
    pub output: Option<PathBuf>,
    /// Replace the input file with the result.
    pub in_place: bool,
    /// The language of the added columns.
    pub lang: String,
    /// `--lang` chose it; otherwise the language of the file's header row, where the catalogue
    /// can tell it, takes its place.
    pub lang_given: bool,
    pub model: Option<String>,
    /// The result column's header or 1-based position.
    pub column: Option<String>,
    /// The input's encoding; `None` to detect it.
    pub encoding: Option<Encoding>,
    /// The output's encoding; `None` for the input's.
    pub output_encoding: Option<Encoding>,
    pub line_ends: LineEnds,
    /// The columns to add, in order.
    pub columns: Vec<Column>,
    /// Result cells longer than this many bytes pass through unread.
    pub max_cell: usize,
    /// A record longer than this many bytes stops the run: memory stays bounded whatever the input.
    pub max_record: usize,
}

/// What an annotation run did, for the summary on stderr.
#[derive(Debug)]
pub struct Report {
    /// The model asked for, if any, and every model's key, for advice.
    pub model: Option<String>,
    /// What the start of the file says of its model: the first code of each model that only
    /// that model has. One model: the file is that model's. Several: it mixes them.
    pub evidence: Vec<inference::Evidence>,
    /// The start of the input was read ahead for evidence of its model (a file, not a pipe).
    pub read_ahead: bool,
    /// The language of the added columns, and of the summary.
    pub lang: String,
    /// The language the header row is in, with its name, when it chose the added columns'.
    pub header_lang: Option<(String, String)>,
    /// Each model's key and name, in the language of the added columns.
    pub model_names: Vec<(String, String)>,
    pub models: Vec<String>,
    pub encoding: Encoding,
    /// The encoding was taken to be UTF-8 because everything read before the rows was ASCII.
    pub assumed_utf8: bool,
    /// The limit on result cells, for the summary.
    pub max_cell: usize,
    pub column: String,
    /// The [Type] column whose values picked between reasons of different sides, if the file has one.
    pub type_column: Option<String>,
    pub tally: Tally,
    pub unwritable: usize,
    /// Cells a workbook had to cut to Excel's 32,767 characters.
    pub cut_cells: usize,
}

/// The first read looks at this much of the file (the whole first buffer) to tell its encoding;
/// a file that is all ASCII that far is read on, without keeping it, to its first other byte.
const DETECT_BYTES: usize = BUFFER_BYTES;
/// The read buffer; it grows only for a record longer than itself.
const BUFFER_BYTES: usize = 1 << 20;
/// The header row is names of columns: longer than this, the input is no access history.
const HEADER_LIMIT: usize = 1 << 20;
/// Above this many bytes pending, a refill reads until the buffer is full: a long record is
/// then scanned again only each time the buffer has doubled, so reading it is linear.
const FILL_UNTIL_FULL: usize = 64 << 10;
/// The default of `--max-cell`.
pub const DEFAULT_MAX_CELL: usize = 1 << 20;
/// The default of `--max-record`.
pub const DEFAULT_MAX_RECORD: usize = 1 << 30;

/// Annotates the input into the output. On any error nothing is left at the output path.
pub fn run(catalogue: &Catalogue, options: &Options) -> Result<Report, Error> {
    let input_name = options.input.as_ref().map_or_else(
        || tell("standard_input", &[]),
        |p| catalogue::terminal::line(&p.display().to_string()).into_owned(),
    );
    let output = output_path(options)?;
    // A workbook holds UTF-8: the rows are converted as for `--output-encoding utf-8`.
    let workbook = output.as_deref().filter(|p| output::is_workbook(p));
    let mut for_workbook = None;
    if workbook.is_some() {
        if options.output_encoding.is_some_and(|e| e != Encoding::Utf8) {
            return Err(Error::said(Said::new("workbook_encoding")));
        }
        for_workbook = Some(Options { output_encoding: Some(Encoding::Utf8), ..options.clone() });
    }
    let options = for_workbook.as_ref().unwrap_or(options);
    let (mut reader, evidence, regular) = open(catalogue, options, &input_name)?;
    // A new file follows the umask, as other tools' files do (umask 077 keeps histories
    // private); a file replaced keeps its own mode.
    let mode = outfile::NewFileMode::Default;
    let mut out = match workbook {
        Some(path) => output::Output::workbook(path, mode, &sheet_name(path), Vec::new())?,
        None => output::Output::create(output.as_deref(), mode)?,
    };
    let pass = Pass { catalogue, options, evidence: &evidence, input_name: &input_name };
    let result = annotate(&pass, &mut reader, &mut out, &mut None);
    match result {
        Ok(mut report) => {
            report.cut_cells = out.commit()?;
            report.read_ahead = regular && options.model.is_none();
            Ok(report)
        }
        Err(error) => {
            let written = out.is_file();
            out.abandon();
            match &output {
                Some(path) if written && !matches!(error, Error::Closed | Error::NotText(_)) => {
                    Err(Error::NotWritten {
                        error: Box::new(error),
                        path: catalogue::terminal::line(&path.display().to_string()).into_owned(),
                    })
                }
                _ => Err(error),
            }
        }
    }
}

/// A workbook's sheet: named after its file (`history.xlsx` → `history`).
pub fn sheet_name(path: &std::path::Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Is standard input a regular file (`< history.csv`) rather than a pipe or a terminal?
fn stdin_is_a_file() -> bool {
    // `/dev/stdin` names descriptor 0; its metadata is that of what it is open on.
    std::fs::metadata("/dev/stdin").is_ok_and(|m| m.is_file())
}

/// Where the rows go: `-o`, or the input itself with `--in-place`. Writing over the input is
/// refused unless `--in-place` says so: the downloaded history would be gone.
fn output_path(options: &Options) -> Result<Option<PathBuf>, Error> {
    output_place(options.input.as_deref(), options.output.clone(), options.in_place)
}

/// Where a command's output goes, checked: `output` (`-o`), or `input` itself when `in_place`;
/// `None` for standard output. Only a regular file (or none yet) is written: a FIFO, a device,
/// `/dev/stdin` or `-` would hang the run or take the output away from where it was read, and is
/// refused; so is an output that is the input (by any path, link or device and inode, standard
/// input and output included: `-o h.csv < h.csv`, `h.csv >> h.csv`) unless `in_place` says so.
pub fn output_place(
    input: Option<&std::path::Path>,
    output: Option<PathBuf>,
    in_place: bool,
) -> Result<Option<PathBuf>, Error> {
    if let Some(output) = &output {
        regular_or_new(output)?;
    }
    if input.is_none() && in_place {
        return Err(Error::said(Said::new("in_place_stdin")));
    }
    let output = match (input, output) {
        (Some(input), None) if in_place => {
            regular_or_new(input)?;
            return Ok(Some(input.to_path_buf()));
        }
        (_, output) => output,
    };
    let read = match input {
        Some(path) => identity::of_path(path),
        None => identity::of_stdin(),
    };
    let written = match &output {
        Some(path) => identity::of_path(path),
        None => identity::of_stdout(),
    };
    if !in_place && read.is_some() && read == written {
        let name = output.as_ref().map_or_else(|| tell("standard_output", &[]), |p| p.display().to_string());
        return Err(Error::helped(
            Said::new("output_is_input").with("path", catalogue::terminal::line(&name)),
            Said::new("output_is_input_help"),
        ));
    }
    Ok(output)
}

/// Which file a path or a standard stream is: its device and inode, for a regular file only
/// (a pipe or a terminal is never the input's file).
mod identity {
    #[cfg(unix)]
    pub fn of_path(path: &std::path::Path) -> Option<(u64, u64)> {
        regular(std::fs::metadata(path).ok()?)
    }

    #[cfg(unix)]
    pub fn of_stdin() -> Option<(u64, u64)> {
        of_stream(std::os::fd::AsFd::as_fd(&std::io::stdin()))
    }

    #[cfg(unix)]
    pub fn of_stdout() -> Option<(u64, u64)> {
        of_stream(std::os::fd::AsFd::as_fd(&std::io::stdout()))
    }

    #[cfg(unix)]
    fn of_stream(fd: std::os::fd::BorrowedFd<'_>) -> Option<(u64, u64)> {
        let file = std::fs::File::from(fd.try_clone_to_owned().ok()?);
        regular(file.metadata().ok()?)
    }

    #[cfg(unix)]
    fn regular(meta: std::fs::Metadata) -> Option<(u64, u64)> {
        use std::os::unix::fs::MetadataExt;
        meta.is_file().then(|| (meta.dev(), meta.ino()))
    }

    /// Elsewhere, a path by its canonical form; the streams are not compared.
    #[cfg(not(unix))]
    pub fn of_path(path: &std::path::Path) -> Option<std::path::PathBuf> {
        std::fs::canonicalize(path).ok()
    }

    #[cfg(not(unix))]
    pub fn of_stdin() -> Option<std::path::PathBuf> {
        None
    }

    #[cfg(not(unix))]
    pub fn of_stdout() -> Option<std::path::PathBuf> {
        None
    }
}

/// Refuses a path that names anything but a regular file (a symlink to one is one).
fn regular_or_new(path: &std::path::Path) -> Result<(), Error> {
    let regular = path.as_os_str() != "-"
        && match std::fs::metadata(path) {
            Ok(meta) => meta.is_file(),
            Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        };
    if regular {
        return Ok(());
    }
    Err(Error::helped(
        Said::new("output_not_a_file").with("name", catalogue::terminal::line(&path.display().to_string())),
        Said::new("output_not_a_file_help"),
    ))
}

/// The input as it is read: a buffer, the part not yet written out, and where it is in the file.
struct Input<'r> {
    reader: &'r mut (dyn Read + Send),
    buffer: Vec<u8>,
    len: usize,
    start: usize,
    eof: bool,
    /// The line of the file that `start` is on.
    line: usize,
    /// Once known, for counting a malformed line's column in characters.
    encoding: Encoding,
    name: &'r str,
    /// The longest record allowed (the buffer never grows beyond it).
    limit: usize,
    /// The header row is still being read (its limit is [`HEADER_LIMIT`]).
    header: bool,
    /// Once the input is known to be UTF-8: how far the buffer has been validated as UTF-8
    /// (whole buffers at a time, which costs far less than record by record).
    validated: Option<usize>,
    /// UTF-8 was assumed, for the message when a byte proves otherwise.
    assumed_utf8: bool,
    /// Bytes handed to the scanner so far, rescans included (linear in the input, by design).
    scanned: u64,
}

impl Input<'_> {
    /// Reads more, keeping the unwritten part; the buffer grows only when that part fills it.
    /// With a long record pending, it reads until the buffer is full.
    fn fill(&mut self) -> Result<(), Error> {
        if self.start > 0 {
            self.buffer.copy_within(self.start..self.len, 0);
            self.len -= self.start;
            if let Some(validated) = &mut self.validated {
                *validated -= self.start;
            }
            self.start = 0;
        }
        if self.len == self.buffer.len() {
            self.grow()?;
        }
        let until_full = self.len >= FILL_UNTIL_FULL;
        loop {
            match self.reader.read(&mut self.buffer[self.len..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => {
                    self.len += n;
                    if !until_full || self.len == self.buffer.len() {
                        break;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::read(self.name, e)),
            }
        }
        self.validate()
    }

    /// Validates as UTF-8 what was read since the last call, once the input is known to be
    /// UTF-8: a file whose start was ASCII may turn out to be Shift_JIS, and its output must
    /// not mix encodings. A character cut by the end of the buffer waits for the next read.
    fn validate(&mut self) -> Result<(), Error> {
        let Some(validated) = self.validated else { return Ok(()) };
        // encoding_rs validates with SIMD (simdutf8), several times faster than the standard
        // library on Japanese text.
        let bad = validated + encoding_rs::Encoding::utf8_valid_up_to(&self.buffer[validated..self.len]);
        if bad == self.len {
            self.validated = Some(self.len);
            return Ok(());
        }
        // A character cut by the end of what was read is not an error yet.
        let tail = &self.buffer[bad..self.len.min(bad + 4)];
        let cut = std::str::from_utf8(tail).err().is_some_and(|e| e.valid_up_to() == 0 && e.error_len().is_none());
        if cut && !self.eof {
            self.validated = Some(bad);
            return Ok(());
        }
        let before = &self.buffer[self.start..bad];
        let line = self.line + memchr::memchr_iter(b'\n', before).count();
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        let problem = Said::new(if self.assumed_utf8 { "not_utf8_assumed" } else { "not_utf8" });
        Err(self.input_error(line, Some(column), problem, Said::new("not_utf8_help")))
    }

    /// A problem at a place in this input.
    fn input_error(&self, line: usize, column: Option<usize>, problem: Said, help: Said) -> Error {
        Error::at(self.name, line, column, problem, help)
    }

    /// Doubles the buffer, up to the record limit; an allocation that fails is an error.
    fn grow(&mut self) -> Result<(), Error> {
        let size = self.buffer.len();
        let line = self.line;
        if size >= self.limit && self.header {
            return Err(Error::said(
                Said::new("header_too_long").with("name", self.name).with("size", mib(self.limit)),
            ));
        }
        if size >= self.limit {
            let problem = Said::new("record_too_long").with("size", mib(self.limit));
            return Err(self.input_error(line, None, problem, Said::new("record_too_long_help")));
        }
        let new_size = (size * 2).min(self.limit);
        if self.buffer.try_reserve_exact(new_size - size).is_err() {
            let problem = Said::new("no_memory").with("size", mib(size));
            return Err(self.input_error(line, None, problem, Said::new("no_memory_help")));
        }
        self.buffer.resize(new_size, 0);
        Ok(())
    }

    /// The next record, with its fields in `fields`; `None` at the end of the input.
    fn next(&mut self, fields: &mut Vec<Range<usize>>) -> Result<Option<records::Record>, Error> {
        self.next_split(fields, Split::Now)
    }

    /// [`Input::next`], leaving `fields` empty for a record without quotes when `split` says
    /// so: the thread that reads hands the split to the one that annotates.
    fn next_split(&mut self, fields: &mut Vec<Range<usize>>, split: Split) -> Result<Option<records::Record>, Error> {
        loop {
            if self.start == self.len {
                if self.eof {
                    return Ok(None);
                }
                self.fill()?;
                continue;
            }
            self.scanned += (self.len - self.start) as u64;
            match scan_split(&self.buffer[..self.len], self.start, self.eof, fields, split) {
                Scanned::Record(record) => return Ok(Some(record)),
                Scanned::NeedMore => self.fill()?,
                Scanned::Malformed { at, newlines, problem } => {
                    let line = self.line + newlines;
                    // The line's start: the last line break in the record before `at`, or the record's
                    // own start (after a byte-order mark, which is no column).
                    let record = &self.buffer[self.start..at];
                    let line_start = self.start + record.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                    let column = self.encoding.decode(&self.buffer[line_start..at]).chars().count() + 1;
                    let (problem, help) = problem.said();
                    return Err(self.input_error(line, Some(column), problem, help));
                }
            }
        }
    }
}

/// An input opened for a pass: the reader, the evidence of the file's model, and whether it is
/// a file (read ahead) rather than a pipe.
type Opened = (Box<dyn Read + Send>, Vec<inference::Evidence>, bool);

/// The input, with the start of a file read ahead for evidence of its model: the reader (which
/// gives what was read ahead first), the evidence, and whether the input is a file. A pipe is
/// not read ahead: its writer may pause, and the rows must flow as they come.
fn open(catalogue: &Catalogue, options: &Options, input_name: &str) -> Result<Opened, Error> {
    // Standard input unlocked: the rows are read on a thread of their own.
    let mut reader: Box<dyn Read + Send> = match &options.input {
        Some(path) => Box::new(std::fs::File::open(path).map_err(|e| Error::read(input_name, e))?),
        None => Box::new(std::io::stdin()),
    };
    let regular = match &options.input {
        Some(path) => std::fs::metadata(path).is_ok_and(|m| m.is_file()),
        None => stdin_is_a_file(),
    };
    let mut head = Vec::new();
    if options.model.is_none() && regular {
        reader
            .by_ref()
            .take(inference::LOOKAHEAD as u64)
            .read_to_end(&mut head)
            .map_err(|e| Error::read(input_name, e))?;
    }
    let evidence = inference::scan(catalogue, &head);
    Ok((Box::new(std::io::Cursor::new(head).chain(reader)), evidence, regular))
}

/// One row as a pass over the file sees it, after its reasons are found.
pub struct Row<'a> {
    /// The result column's place.
    pub result: usize,
    /// The header row's names.
    pub headers: &'a [String],
    buffer: &'a [u8],
    fields: &'a [Range<usize>],
    encoding: Encoding,
    pub outcome: &'a annotations::Outcome,
    /// The reasons named, as places in the catalogue's list.
    pub reasons: &'a [u32],
}

impl Row<'_> {
    /// The bytes of cell `i` as the file has them (quotes included): enough to tell values apart.
    pub fn raw(&self, i: usize) -> &[u8] {
        self.fields.get(i).map_or(&[], |f| &self.buffer[f.clone()])
    }

    /// The text of cell `i`, decoded, without its quotes and surrounding spaces.
    pub fn text(&self, i: usize) -> String {
        self.fields
            .get(i)
            .map_or_else(String::new, |f| self.encoding.decode(&unquote(&self.buffer[f.clone()])).trim().to_string())
    }
}

/// Reads every row of an access history and hands each to `observe`, without writing any
/// output: the pass `report` makes. The file's model is inferred as for `annotate`.
pub fn read_rows(catalogue: &Catalogue, options: &Options, observe: &mut dyn FnMut(&Row<'_>)) -> Result<Report, Error> {
    let input_name = options.input.as_ref().map_or_else(
        || tell("standard_input", &[]),
        |p| catalogue::terminal::line(&p.display().to_string()).into_owned(),
    );
    let (mut reader, evidence, regular) = open(catalogue, options, &input_name)?;
    let mut out = output::Output::discard();
    let pass = Pass { catalogue, options, evidence: &evidence, input_name: &input_name };
    let mut report = annotate_observed(&pass, &mut reader, &mut out, &mut None, observe)?;
    report.read_ahead = regular && options.model.is_none();
    Ok(report)
}

/// What a pass over an input knows before its first row.
struct Pass<'a> {
    catalogue: &'a Catalogue,
    options: &'a Options,
    /// What the start of the file says of its model.
    evidence: &'a [inference::Evidence],
    /// The input, as messages name it.
    input_name: &'a str,
}

fn annotate(
    pass: &Pass<'_>,
    reader: &mut (dyn Read + Send),
    out: &mut output::Output,
    scanned: &mut Option<u64>,
) -> Result<Report, Error> {
    annotate_observed(pass, reader, out, scanned, &mut |_| {})
}

fn annotate_observed(
    pass: &Pass<'_>,
    reader: &mut (dyn Read + Send),
    out: &mut output::Output,
    scanned: &mut Option<u64>,
    observe: &mut dyn FnMut(&Row<'_>),
) -> Result<Report, Error> {
    let Pass { catalogue, options, evidence, input_name } = *pass;
    let mut input = Input {
        reader,
        buffer: vec![0; BUFFER_BYTES],
        len: 0,
        start: 0,
        eof: false,
        line: 1,
        encoding: Encoding::Utf8,
        name: input_name,
        limit: HEADER_LIMIT.max(BUFFER_BYTES),
        header: true,
        validated: None,
        assumed_utf8: false,
        scanned: 0,
    };
    while input.len < DETECT_BYTES && !input.eof {
        input.fill()?;
    }
    let bytes = &input.buffer[..input.len];
    if let Some(kind) = encoding::not_text(bytes) {
        return Err(Error::NotText(Said::new("not_a_csv").with("name", input_name).with("kind", Said::new(kind))));
    }
    let cannot_tell = |why: Said| {
        Error::helped(
            Said::new("encoding_unknown").with("name", input_name).with("why", why),
            Said::new("encoding_unknown_help"),
        )
    };
    let mut assumed_utf8 = false;
    let encoding = match options.encoding {
        Some(encoding) => encoding,
        None if bytes.is_ascii() && !input.eof => match options.input.as_deref().map(encoding::detect_ahead) {
            // A file all ASCII for its first MiB: its first other byte tells.
            Some(Ok(Some(encoding))) => encoding,
            Some(Ok(None)) => Encoding::Utf8,
            Some(Err(Some(e))) => return Err(cannot_tell(e)),
            // A pipe cannot be read ahead: UTF-8, which the summary says was assumed.
            Some(Err(None)) | None => {
                assumed_utf8 = true;
                Encoding::Utf8
            }
        },
        // Neither encoding reads it: no access history, whatever --encoding would say.
        None => encoding::detect(bytes, input.eof).map_err(|_| {
            Error::NotText(Said::new("not_a_csv").with("name", input_name).with("kind", Said::new("kind_not_text")))
        })?,
    };
    input.encoding = encoding;
    let output_encoding = options.output_encoding.unwrap_or(encoding);
    let had_bom = encoding == Encoding::Utf8 && bytes.starts_with(BOM);
    if had_bom {
        input.start = BOM.len();
    }
    if encoding == Encoding::Utf8 {
        input.assumed_utf8 = assumed_utf8;
        input.validated = Some(0);
        input.validate()?;
    }
    // A UTF-8 file keeps its mark; one converted to UTF-8 gets one, for spreadsheets.
    if output_encoding == Encoding::Utf8 && (had_bom || encoding != Encoding::Utf8) {
        out.write(BOM)?;
    }
    let convert = encoding != output_encoding;
    // Characters of the input rows the output encoding cannot write.
    let unwritable = std::cell::Cell::new(0);

    let mut fields: Vec<Range<usize>> = Vec::with_capacity(32);
    let Some(header) = input.next(&mut fields)? else {
        return Err(Error::said(Said::new("empty_input").with("name", input_name)));
    };
    if header.end - input.start > HEADER_LIMIT {
        return Err(Error::said(Said::new("header_too_long").with("name", input_name).with("size", mib(HEADER_LIMIT))));
    }
    input.limit = options.max_record.max(BUFFER_BYTES);
    input.header = false;
    let headers: Vec<String> =
        fields.iter().map(|f| encoding.decode(&unquote(&input.buffer[f.clone()])).trim().to_string()).collect();
    let column = find_column(catalogue, &headers, options.column.as_deref())?;
    // The administrator's language: `--lang`, else the header row's, else the locale's.
    let header_lang = catalogue.header_language(&headers).map(|l| l.to_string()).filter(|_| !options.lang_given);
    let lang = header_lang.clone().unwrap_or_else(|| options.lang.clone());
    if let Some(lang) = &header_lang {
        // From here on, the tool's own messages (a malformed row further on) are in it too.
        messages::set_language(lang);
    }
    let type_column = find_type_column(catalogue, &headers, column);
    let width = headers.len();
    // `--model`, else the one model the start of the file shows (a row that names only another
    // model's reasons still gets them, and is counted).
    // A header only one model's console writes is evidence too, on line 1.
    let mut evidence = evidence.to_vec();
    if let Some((model, header)) = catalogue.header_model(&headers)
        && !evidence.iter().any(|e| e.model == model.as_str())
    {
        let clue = format!("“{}”", shown(header));
        evidence.insert(0, inference::Evidence { model: model.to_string(), code: clue, line: 1 });
    }
    let inferred = match evidence.as_slice() {
        [one] if options.model.is_none() => Some(one.model.as_str()),
        _ => None,
    };
    let mut annotator = Annotator::new(
        catalogue,
        &lang,
        options.model.as_deref().map(annotations::Model::Given).or(inferred.map(annotations::Model::Inferred)),
        &options.columns,
        (encoding, output_encoding),
        options.max_cell,
    );
    let write_row =
        |out: &mut output::Output, buffer: &[u8], content: Range<usize>, added: &[u8], end: Range<usize>| {
            let raw = &buffer[content];
            if convert {
                let (bytes, missing) = output_encoding.encode(&encoding.decode(raw));
                unwritable.set(unwritable.get() + missing);
                out.write(&bytes)?;
            } else {
                out.write(raw)?;
            }
            out.write(added)?;
            let terminator = &buffer[end];
            if !terminator.is_empty() {
                out.write(line_end(options.line_ends, terminator))?;
            }
            Ok::<(), Error>(())
        };
    let added_header = annotator.header();
    write_row(out, &input.buffer, input.start..header.content_end, &added_header, header.content_end..header.end)?;
    input.line += header.newlines;
    input.start = header.end;

    // The rows are read and split on a thread of their own and handed over in batches, in
    // order; this thread finds their reasons and writes them.
    let (ready, batches) = std::sync::mpsc::sync_channel::<Result<Batch, Error>>(BATCHES_IN_FLIGHT);
    let (recycle, spent) = std::sync::mpsc::channel::<Batch>();
    let waiting = std::sync::atomic::AtomicUsize::new(0);
    let reading = std::thread::scope(|scope| -> Result<u64, Error> {
        let handover = Handover { ready, spent, waiting: &waiting };
        let reader = scope.spawn(move || read_batches(input, fields, &handover));
        // The batches are taken by value: however this side stops (the end, a malformed row, a
        // reader of the output gone), the channel closes with it and the reading thread ends
        // instead of waiting forever to hand over the next batch.
        let mut annotate_batches = |batches: std::sync::mpsc::Receiver<Result<Batch, Error>>| -> Result<(), Error> {
            let mut split = Vec::with_capacity(32);
            for batch in batches.iter() {
                waiting.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
                let batch = batch?;
                for record in &batch.records {
                    let content = record.start..record.content_end;
                    // A record without quotes may come unsplit (see `read_batches`): its fields
                    // are split here.
                    let fields = if record.fields.is_empty() {
                        split_unquoted(&batch.bytes, content.start, content.end, &mut split);
                        &split[..]
                    } else {
                        &batch.fields[record.fields.clone()]
                    };
                    let end = record.content_end..record.end;
                    if content.is_empty() && width > 1 {
                        // A blank line is not a row: it passes through as it is.
                        write_row(out, &batch.bytes, content, b"", end)?;
                        continue;
                    }
                    if fields.len() != width {
                        let problem = Said::new("csv_width").with("cells", fields.len()).with("width", width);
                        return Err(Error::at(input_name, record.line, None, problem, Said::new("csv_width_help")));
                    }
                    let side = type_column.map(|c| &batch.bytes[fields[c].clone()]);
                    let resolved = annotator.annotate(&batch.bytes[fields[column].clone()], side);
                    observe(&Row {
                        result: column,
                        headers: &headers,
                        buffer: &batch.bytes,
                        fields,
                        encoding,
                        outcome: resolved.outcome,
                        reasons: resolved.reasons,
                    });
                    write_row(out, &batch.bytes, content, resolved.cells, end)?;
                }
                // The reader may have stopped already (an error it sent is next).
                let _ = recycle.send(batch);
            }
            Ok(())
        };
        let annotated = annotate_batches(batches);
        let read = reader.join().unwrap_or(Ok(0));
        annotated?;
        read
    })?;
    *scanned = Some(reading);
    Ok(Report {
        model: options.model.clone(),
        evidence: if options.model.is_none() { evidence.clone() } else { Vec::new() },
        read_ahead: false,
        model_names: catalogue
            .models()
            .iter()
            .map(|m| (m.key().to_string(), catalogue::markup::plain(m.value.name.tr(&lang))))
            .collect(),
        lang: lang.clone(),
        header_lang: header_lang.map(|l| {
            let name = catalogue
                .language(&catalogue::Lang::from(l.as_str()))
                .map_or_else(|| l.clone(), |n| n.name.get_ref().clone());
            (l, name)
        }),
        models: catalogue.models().iter().map(|m| m.key().to_string()).collect(),
        encoding,
        assumed_utf8,
        max_cell: options.max_cell,
        column: shown(&headers[column]),
        type_column: type_column.map(|c| shown(&headers[c])),
        tally: annotator.tally.clone(),
        unwritable: annotator.unwritable + unwritable.get(),
        cut_cells: 0,
    })
}

/// Batches read ahead and waiting: memory stays bounded whatever the pace of either thread.
const BATCHES_IN_FLIGHT: usize = 2;
/// A batch is handed over once it holds this many bytes (or a record longer than that).
const BATCH_BYTES: usize = 1 << 20;

/// Whole records, copied out of the read buffer in order, with where each one's fields are.
struct Batch {
    bytes: Vec<u8>,
    records: Vec<BatchRecord>,
    fields: Vec<Range<usize>>,
}

/// One record of a [`Batch`]: places in its bytes, and its first line in the file.
struct BatchRecord {
    start: usize,
    content_end: usize,
    end: usize,
    line: usize,
    /// Its fields, as a range of the batch's `fields`.
    fields: Range<usize>,
}

/// The reading thread's ends of the channels between the two threads.
struct Handover<'a> {
    /// Where batches go, in order.
    ready: std::sync::mpsc::SyncSender<Result<Batch, Error>>,
    /// Batches the other side is done with, to be filled again.
    spent: std::sync::mpsc::Receiver<Batch>,
    /// Batches sent and not yet taken (an error counts as one).
    waiting: &'a std::sync::atomic::AtomicUsize,
}

impl Handover<'_> {
    fn send(&self, batch: Result<Batch, Error>) -> bool {
        self.waiting.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.ready.send(batch).is_ok()
    }
}

/// Reads and splits the records after the header, handing them over in batches until the
/// input ends, a problem is found (sent in place of a batch), or the other side stops
/// listening; the bytes scanned.
///
/// A record without quotes is left unsplit for the other side to split, unless that side is
/// behind (a batch is already waiting for it): this side then splits the batch's records
/// itself, so that both threads carry a like share whichever is the faster on a machine.
fn read_batches(mut input: Input<'_>, mut fields: Vec<Range<usize>>, handover: &Handover<'_>) -> Result<u64, Error> {
    let mut finished = false;
    while !finished {
        let mut batch = handover.spent.try_recv().unwrap_or_else(|_| Batch {
            bytes: Vec::with_capacity(BATCH_BYTES + (64 << 10)),
            records: Vec::new(),
            fields: Vec::new(),
        });
        batch.bytes.clear();
        batch.records.clear();
        batch.fields.clear();
        while batch.bytes.len() < BATCH_BYTES {
            let record = match input.next_split(&mut fields, Split::Later) {
                Ok(Some(record)) => record,
                Ok(None) => {
                    finished = true;
                    break;
                }
                Err(error) => {
                    handover.send(Err(error));
                    return Ok(input.scanned);
                }
            };
            let offset = batch.bytes.len();
            let rebase = |at: usize| at - input.start + offset;
            let first = batch.fields.len();
            batch.fields.extend(fields.iter().map(|f| rebase(f.start)..rebase(f.end)));
            batch.records.push(BatchRecord {
                start: offset,
                content_end: rebase(record.content_end),
                end: rebase(record.end),
                line: input.line,
                fields: first..batch.fields.len(),
            });
            batch.bytes.extend_from_slice(&input.buffer[input.start..record.end]);
            input.line += record.newlines;
            input.start = record.end;
        }
        if handover.waiting.load(std::sync::atomic::Ordering::Relaxed) > 0 {
            split_waiting(&mut batch, &mut fields);
        }
        if !handover.send(Ok(batch)) {
            break;
        }
    }
    Ok(input.scanned)
}

/// Splits the records of `batch` that came unsplit.
fn split_waiting(batch: &mut Batch, split: &mut Vec<Range<usize>>) {
    for record in &mut batch.records {
        if record.fields.is_empty() {
            split_unquoted(&batch.bytes, record.start, record.content_end, split);
            let first = batch.fields.len();
            batch.fields.extend_from_slice(split);
            record.fields = first..batch.fields.len();
        }
    }
}

/// `1 MiB`, `1024 MiB`.
fn mib(bytes: usize) -> String {
    format!("{} MiB", bytes.div_ceil(1 << 20))
}

/// The terminator to write for a row that ended with `raw`.
fn line_end(ends: LineEnds, raw: &[u8]) -> &[u8] {
    match ends {
        LineEnds::Keep => raw,
        LineEnds::Lf => b"\n",
        LineEnds::Crlf => b"\r\n",
    }
}

/// The column that says which side a row is: the first header the catalogue's
/// `[access_history] type_columns` lists that the file has, other than the result column.
fn find_type_column(catalogue: &Catalogue, headers: &[String], result: usize) -> Option<usize> {
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    let names = &catalogue.access_history()?.type_columns;
    names.iter().find_map(|name| headers.iter().enumerate().position(|(i, h)| i != result && same(h, name.get_ref())))
}

/// The result column: the one `--column` names (a header or a 1-based position), else the first
/// header the catalogue's `[access_history] result_columns` lists that the file has.
fn find_column(catalogue: &Catalogue, headers: &[String], asked: Option<&str>) -> Result<usize, Error> {
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    let listed = || headers.iter().map(|h| format!("“{}”", shown(h))).collect::<Vec<_>>().join(", ");
    if let Some(asked) = asked {
        if let Some(i) = headers.iter().position(|h| same(h, asked)) {
            return Ok(i);
        }
        if let Ok(n) = asked.trim().parse::<usize>() {
            if (1..=headers.len()).contains(&n) {
                return Ok(n - 1);
            }
            return Err(Error::said(
                Said::new("no_column_number").with("number", n).with("count", headers.len()).with("columns", listed()),
            ));
        }
        return Err(Error::said(Said::new("no_column_named").with("name", shown(asked)).with("columns", listed())));
    }
    let known: Vec<&str> = catalogue
        .access_history()
        .map(|a| a.result_columns.iter().map(|c| c.get_ref().as_str()).collect())
        .unwrap_or_default();
    for name in &known {
        if let Some(i) = headers.iter().position(|h| same(h, name)) {
            return Ok(i);
        }
    }
    let names = if known.is_empty() {
        tell("no_result_column_listed", &[])
    } else {
        known.iter().map(|k| format!("“{k}”")).collect::<Vec<_>>().join(", ")
    };
    Err(Error::helped(
        Said::new("no_result_column").with("names", names).with("columns", listed()),
        Said::new("no_result_column_help"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_split_by_the_reader_has_the_fields_the_other_side_would_find() {
        let bytes = b"a,b,c\n\"x,y\",z,w\n,,\n".to_vec();
        let record = |start: usize, content_end: usize, fields: Range<usize>| BatchRecord {
            start,
            content_end,
            end: content_end + 1,
            line: 0,
            fields,
        };
        // The quoted record came split (its fields were found while scanning); the others not.
        let mut batch = Batch {
            records: vec![record(0, 5, 0..0), record(6, 15, 0..3), record(16, 18, 0..0)],
            fields: vec![6..11, 12..13, 14..15],
            bytes,
        };
        split_waiting(&mut batch, &mut Vec::new());
        let cells = |r: &BatchRecord| -> Vec<&[u8]> {
            batch.fields[r.fields.clone()].iter().map(|f| &batch.bytes[f.clone()]).collect()
        };
        assert_eq!(cells(&batch.records[0]), [&b"a"[..], b"b", b"c"]);
        assert_eq!(cells(&batch.records[1]), [&b"\"x,y\""[..], b"z", b"w"]);
        assert_eq!(cells(&batch.records[2]), [&b""[..], b"", b""]);
    }

    /// A reader that hands out at most `chunk` bytes a read, as a pipe does.
    struct Pipe<'a> {
        data: &'a [u8],
        chunk: usize,
    }

    impl Read for Pipe<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.chunk.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn options() -> Options {
        Options {
            input: None,
            output: None,
            in_place: false,
            lang: "en".to_string(),
            lang_given: true,
            model: None,
            column: Some("Reason".to_string()),
            encoding: None,
            output_encoding: None,
            line_ends: LineEnds::Keep,
            columns: vec![Column::Id],
            max_cell: DEFAULT_MAX_CELL,
            max_record: DEFAULT_MAX_RECORD,
        }
    }

    fn null_output() -> output::Output {
        output::Output::discard()
    }

    #[test]
    fn utf8_cut_between_reads_is_no_error_and_a_foreign_byte_is() {
        let catalogue = crate::builtin::load(None).unwrap();
        // One byte a read: every multi-byte character is cut between two reads.
        let input = "when,Reason\n1,「パスワード」(110200)\n2,「認証」(40200)\n".repeat(3);
        let mut pipe = Pipe { data: input.as_bytes(), chunk: 1 };
        let pass = Pass { catalogue: &catalogue, options: &options(), evidence: &[], input_name: "pipe" };
        let report = annotate(&pass, &mut pipe, &mut null_output(), &mut None).unwrap();
        assert_eq!(report.tally.rows(), 8, "the repeated headers are rows too");
        let mut bytes = input.into_bytes();
        let at = bytes.len() - 10;
        bytes[at] = 0xFF;
        let mut pipe = Pipe { data: &bytes, chunk: 7 };
        let utf8 = Options { encoding: Some(Encoding::Utf8), ..options() };
        let pass = Pass { catalogue: &catalogue, options: &utf8, evidence: &[], input_name: "pipe" };
        let error = annotate(&pass, &mut pipe, &mut null_output(), &mut None).unwrap_err();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        assert!(
            matches!(&error, Error::Input(place) if place.line == line && place.column.is_some()),
            "a typed error with its place: {error:?}"
        );
        assert!(error.to_string().starts_with(&format!("pipe:{line}:")), "{error}");
    }

    #[test]
    fn a_long_record_through_a_pipe_is_scanned_in_linear_time() {
        let catalogue = crate::builtin::load(None).unwrap();
        let long = "x".repeat(48 << 20);
        let input = format!("when,Reason\n1,\"{long}\"\n2,「x」(110200)\n");
        let options = options();
        let mut pipe = Pipe { data: input.as_bytes(), chunk: 64 << 10 };
        let mut input_state = None;
        let mut out = output::Output::discard();
        let pass = Pass { catalogue: &catalogue, options: &options, evidence: &[], input_name: "pipe" };
        let report = annotate(&pass, &mut pipe, &mut out, &mut input_state).unwrap();
        assert_eq!(report.tally.rows(), 2);
        assert_eq!(report.tally.too_long, 1, "the long cell is passed through unread");
        let scanned = input_state.unwrap();
        // Each rescan comes only after the buffer doubled: at most about twice the record.
        assert!(scanned < 3 * long.len() as u64, "{scanned} bytes scanned for a {} byte record", long.len());
    }
}
